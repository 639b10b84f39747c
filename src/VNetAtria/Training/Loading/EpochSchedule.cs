using VNetAtria.Augmentation;

namespace VNetAtria.Training.Loading;

/// <summary>
/// Which samples make up each batch of an epoch: the epoch's samples (see <see cref="IAugmentationPolicy"/>) in a
/// permutation drawn from (seed, epoch) alone, cut into consecutive batches. Pure: the same inputs give the same batches.
/// </summary>
public sealed class EpochSchedule
{
    private const long ShuffleTag = 0x53485546; // "SHUF": keeps the permutation stream apart from augmentation draws

    /// <summary>A schedule of <paramref name="samplesPerEpoch"/> samples.</summary>
    public EpochSchedule(int samplesPerEpoch, int batchSize, long seed, bool shuffle, bool dropLast)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        SamplesPerEpoch = samplesPerEpoch;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        BatchesPerEpoch = dropLast ? samplesPerEpoch / batchSize : (samplesPerEpoch + batchSize - 1) / batchSize;
        if (BatchesPerEpoch == 0)
            throw new ArgumentException($"With drop-last, {samplesPerEpoch} samples make no batch of {batchSize}; lower the batch size or keep the last batch.");
    }

    /// <summary>Samples per epoch.</summary>
    public int SamplesPerEpoch { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <summary>Whether epochs are shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The epoch's sample order.</summary>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (!Shuffle) return Enumerable.Range(0, SamplesPerEpoch).ToArray();
        return AugmentationRandom.For(unchecked((ulong)Seed), epoch, ShuffleTag).Permutation(SamplesPerEpoch);
    }

    /// <summary>The sample indices of batch <paramref name="batch"/> of the epoch whose order is <paramref name="order"/>.</summary>
    public ReadOnlySpan<int> Batch(int[] order, int batch)
    {
        if (batch < 0 || batch >= BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch must be in [0, {BatchesPerEpoch}).");
        var start = batch * BatchSize;
        return order.AsSpan(start, Math.Min(BatchSize, SamplesPerEpoch - start));
    }
}
