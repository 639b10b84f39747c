using VNetAtria.Augmentation;
using VNetAtria.Imaging;

namespace VNetAtria.Training.Loading;

/// <summary>
/// Training on random patches of whole cases (nnU-Net's scheme): every sample of an epoch is one patch of
/// <see cref="Size"/> from its case, placed uniformly at random, or, with probability <see cref="ForegroundFraction"/>,
/// centred on a random foreground voxel (nnU-Net forces a third of its patches to hold foreground, so that small
/// structures are seen often enough). The placement is a pure function of (seed, epoch, sample index): see
/// <see cref="PatchSampler"/>.
/// </summary>
public sealed record PatchSampling
{
    /// <summary>The patch (D, H, W): multiples of 16 for the VNet. The literature's 112x112x80 (x, y, z) is 80x112x112 here.</summary>
    public required Shape3 Size { get; init; }

    /// <summary>Probability that a patch is centred on a foreground voxel (nnU-Net: 0.33); the others are placed uniformly.</summary>
    public double ForegroundFraction { get; init; } = 1.0 / 3;

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid setting.</summary>
    public PatchSampling Validated()
    {
        if (!Size.IsPositive) throw new ArgumentException($"Patch size {Size} must be positive on every axis.");
        if (!(ForegroundFraction >= 0 && ForegroundFraction <= 1))
            throw new ArgumentException($"Patch foreground fraction must be in [0, 1] (nnU-Net: 0.33), found {ForegroundFraction}.");
        return this;
    }
}

/// <summary>
/// Where the foreground of one case is, kept small: the C-order offsets of at most <see cref="MaxVoxels"/> foreground
/// voxels, evenly spaced in raster order (nnU-Net keeps 10,000 random ones per class; even spacing needs no random
/// numbers and covers the structure as well).
/// </summary>
public sealed class CaseForeground
{
    /// <summary>The most offsets kept per case (nnU-Net's 10,000).</summary>
    public const int MaxVoxels = 10_000;

    private readonly long[] _offsets;
    private readonly Shape3 _shape;

    private CaseForeground(long[] offsets, Shape3 shape)
    {
        _offsets = offsets;
        _shape = shape;
    }

    /// <summary>Number of foreground voxels kept (0 for a case without foreground).</summary>
    public int Count => _offsets.Length;

    /// <summary>The kept offset <paramref name="i"/> as an index.</summary>
    public Index3 this[int i] => IndexOf(_offsets[i]);

    /// <summary>The foreground (non-zero voxels) of <paramref name="label"/>.</summary>
    public static CaseForeground Of(Volume<byte> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var data = label.Data;
        long total = 0;
        foreach (var v in data) if (v != 0) total++;
        var keep = (int)Math.Min(total, MaxVoxels);
        var offsets = new long[keep];
        // The k-th kept voxel is foreground voxel number floor(k * total / keep) in raster order.
        long seen = 0;
        var next = 0;
        for (long i = 0; i < data.LongLength && next < keep; i++)
        {
            if (data[i] == 0) continue;
            if (seen == next * total / keep) offsets[next++] = i;
            seen++;
        }
        return new CaseForeground(offsets, label.Shape);
    }

    private Index3 IndexOf(long offset)
    {
        var hw = (long)_shape.Height * _shape.Width;
        return new Index3((int)(offset / hw), (int)(offset % hw / _shape.Width), (int)(offset % _shape.Width));
    }
}

/// <summary>Places patches: pure functions of (seed, epoch, sample index), the case's shape and its foreground.</summary>
public static class PatchSampler
{
    private const long PatchTag = 0x5041544348; // "PATCH": keeps placement draws apart from augmentation and shuffling

    /// <summary>
    /// The patch of sample <paramref name="sampleIndex"/> in <paramref name="epoch"/>: with probability
    /// <see cref="PatchSampling.ForegroundFraction"/> centred on one of the case's foreground voxels (shifted to stay
    /// inside the volume), otherwise at a uniform start; a case without foreground always gets a uniform start.
    /// The volume must be at least the patch on every axis (pad smaller cases first).
    /// </summary>
    public static Box3 Choose(PatchSampling sampling, ulong seed, int epoch, int sampleIndex, Shape3 volume, CaseForeground foreground)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(foreground);
        var size = sampling.Size;
        if (volume.Depth < size.Depth || volume.Height < size.Height || volume.Width < size.Width)
            throw new ArgumentException($"A {volume} volume is smaller than the {size} patch; pad it to at least the patch size first.");
        var random = AugmentationRandom.For(seed, epoch, sampleIndex, PatchTag);
        var forced = random.Chance(sampling.ForegroundFraction);
        if (forced && foreground.Count > 0)
        {
            var centre = foreground[random.NextBelow(foreground.Count)];
            return new Box3(new Index3(
                Clamp(centre.D - size.Depth / 2, volume.Depth - size.Depth),
                Clamp(centre.H - size.Height / 2, volume.Height - size.Height),
                Clamp(centre.W - size.Width / 2, volume.Width - size.Width)), size);
        }
        return new Box3(new Index3(
            random.NextBelow(volume.Depth - size.Depth + 1),
            random.NextBelow(volume.Height - size.Height + 1),
            random.NextBelow(volume.Width - size.Width + 1)), size);
    }

    private static int Clamp(int start, int max) => Math.Clamp(start, 0, max);
}
