namespace VNetAtria.Training;

/// <summary>
/// Where a trainer gets its batches. An epoch's batches must be a pure function of (seed, epoch): shuffling and
/// augmentation parameters derive from (seed, epoch, sample index), so a run resumed at epoch e sees exactly the
/// batches an uninterrupted run would.
/// </summary>
public interface IBatchSource
{
    /// <summary>Batches in one epoch.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>
    /// The batches of <paramref name="epoch"/> (0-based), in order, starting at batch <paramref name="firstBatch"/>
    /// (to resume mid-epoch). Enumerating may prepare later batches in the background; disposing the enumerator stops that.
    /// </summary>
    IEnumerable<TrainingBatch> Epoch(int epoch, int firstBatch = 0);
}
