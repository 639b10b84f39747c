using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Training;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Training;

/// <summary>
/// A tiny in-memory <see cref="IBatchSource"/> for trainer tests: each sample is a bright ball in noise whose centre,
/// radius and noise derive from SplitMix64(seed, epoch, batch, sample) alone, so any batch can be rebuilt exactly in
/// another process. Shared with the VNetAtria.TrainingHost child process (linked source).
/// </summary>
public sealed class SyntheticBatchSource : IBatchSource
{
    /// <summary>Creates the source.</summary>
    public SyntheticBatchSource(ulong seed, int batchesPerEpoch, int batchSize = 2, int size = 16, bool levelSets = false, bool fixedEpoch = false)
    {
        Seed = seed;
        BatchesPerEpoch = batchesPerEpoch;
        BatchSize = batchSize;
        Size = size;
        LevelSets = levelSets;
        FixedEpoch = fixedEpoch;
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <inheritdoc />
    public int BatchesPerEpoch { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Edge of the cubic volumes.</summary>
    public int Size { get; }

    /// <summary>Whether batches carry level sets.</summary>
    public bool LevelSets { get; }

    /// <summary>Every epoch gives the same batches (a validation set).</summary>
    public bool FixedEpoch { get; }

    /// <summary>(epoch, batch) pairs whose images are NaN, to test divergence handling.</summary>
    public HashSet<(int Epoch, int Batch)> Poisoned { get; } = [];

    /// <summary>Batches handed out (to check positions).</summary>
    public List<(int Epoch, int Batch)> Served { get; } = [];

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> Epoch(int epoch, int firstBatch = 0)
    {
        for (var b = firstBatch; b < BatchesPerEpoch; b++)
        {
            Served.Add((epoch, b));
            yield return MakeBatch(FixedEpoch ? 0 : epoch, b);
        }
    }

    /// <summary>Builds one batch.</summary>
    public TrainingBatch MakeBatch(int epoch, int batch)
    {
        var n = Size * Size * Size;
        var images = new float[BatchSize * n];
        var labels = new float[BatchSize * n];
        var levels = LevelSets ? new float[BatchSize * n] : null;
        var ids = new List<string>();
        for (var s = 0; s < BatchSize; s++)
        {
            var rng = new SplitMix64(Seed ^ ((ulong)epoch * 0x9E3779B97F4A7C15UL) ^ ((ulong)batch << 32) ^ ((ulong)s << 48));
            double U() => (rng.Next() >> 11) * (1.0 / (1UL << 53));
            var c = Size / 2.0;
            var (cz, cy, cx) = (c + (U() - 0.5) * Size / 4, c + (U() - 0.5) * Size / 4, c + (U() - 0.5) * Size / 4);
            var r = Size / 5.0 + U() * Size / 8;
            var label = new byte[n];
            for (var z = 0; z < Size; z++)
            for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var i = (z * Size + y) * Size + x;
                var inside = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx) < r * r;
                label[i] = inside ? (byte)1 : (byte)0;
                labels[s * n + i] = label[i];
                images[s * n + i] = (float)((inside ? 1.0 : 0.0) + 0.4 * (U() - 0.5));
            }
            if (Poisoned.Contains((epoch, batch))) images[s * n] = float.NaN;
            if (levels is not null) LevelSetsOf(label).CopyTo(levels, s * n);
            ids.Add($"e{epoch}-b{batch}-s{s}");
        }
        long[] shape = [BatchSize, 1, Size, Size, Size];
        return new TrainingBatch(tensor(images, shape), tensor(labels, shape), levels is null ? null : tensor(levels, shape), ids);
    }

    /// <summary>
    /// Cases for a <see cref="VNetAtria.Training.Loading.BatchLoader"/>: uint8 images of a bright ball in noise (0-255) with 0/1
    /// labels, from SplitMix64(seed, case) alone, so another process builds the same cases.
    /// </summary>
    public static VNetAtria.Training.Loading.LoaderCase[] LoaderCases(ulong seed, int count, int size = 16)
    {
        var cases = new VNetAtria.Training.Loading.LoaderCase[count];
        for (var k = 0; k < count; k++)
        {
            var rng = new SplitMix64(seed ^ ((ulong)k * 0xD1B54A32D192ED03UL));
            double U() => (rng.Next() >> 11) * (1.0 / (1UL << 53));
            var shape = new Shape3(size, size, size);
            var image = new Volume<byte>(shape);
            var label = new Volume<byte>(shape);
            var c = size / 2.0;
            var (cz, cy, cx) = (c + (U() - 0.5) * size / 4, c + (U() - 0.5) * size / 4, c + (U() - 0.5) * size / 4);
            var r = size / 5.0 + U() * size / 8;
            for (var z = 0; z < size; z++)
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var inside = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx) < r * r;
                label[z, y, x] = inside ? (byte)1 : (byte)0;
                image[z, y, x] = (byte)Math.Clamp((inside ? 170 : 60) + 80 * (U() - 0.5), 0, 255);
            }
            cases[k] = new VNetAtria.Training.Loading.LoaderCase($"ball-{k}", image, label);
        }
        return cases;
    }

    private float[] LevelSetsOf(byte[] label) => VNetAtria.Losses.LevelSets.Compute(label, new Shape3(Size, Size, Size));
}
