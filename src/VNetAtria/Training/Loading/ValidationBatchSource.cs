using VNetAtria.Augmentation;

namespace VNetAtria.Training.Loading;

/// <summary>
/// Validation batches: every case once per epoch, in the given order, no augmentation, the same normalisation (and
/// level sets, for a validation Boundary loss) as training; every epoch is the same. Prepared in the background like
/// training batches.
/// </summary>
public sealed class ValidationBatchSource : IBatchSource
{
    private readonly BatchLoader _loader;

    /// <summary>
    /// A source over <paramref name="cases"/> with the batch size, normalisation, level-set, worker, queue and device
    /// settings of <paramref name="options"/> (its augmentation, patches, shuffling, drop-last and seed are ignored:
    /// validation sees whole cases). With a batch size of 1 the cases may differ in shape.
    /// </summary>
    public ValidationBatchSource(IReadOnlyList<LoaderCase> cases, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loader = new BatchLoader(cases, options with { Augmentation = NoAugmentation.Instance, Shuffle = false, DropLast = false, Seed = 0, Patches = null });
    }

    /// <inheritdoc />
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <summary>Loading statistics of the last pass.</summary>
    public EpochLoadStatistics? LastEpochStatistics => _loader.LastEpochStatistics;

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> Epoch(int epoch, int firstBatch = 0) => _loader.Epoch(0, firstBatch);
}
