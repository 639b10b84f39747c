using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>Whether images are z-scored or passed through.</summary>
public enum NormalisationMode
{
    /// <summary>(x - mean) / std with training-set statistics (the original's segmenter input).</summary>
    ZScore,

    /// <summary>
    /// Identity (mean 0, std 1): for data that is already normalised, such as the UA-MT h5 images, and for the
    /// locator, whose input the original never z-scored.
    /// </summary>
    None,
}

/// <summary>
/// The intensity statistics computed once from the training cases and stored with the run, so validation and
/// prediction normalise exactly as training did.
/// </summary>
/// <param name="Mode">Z-score or identity.</param>
/// <param name="Mean">Mean of the training voxels (0 for <see cref="NormalisationMode.None"/>).</param>
/// <param name="StandardDeviation">Population standard deviation (ddof 0, as numpy's std) of the same voxels (1 for None).</param>
/// <param name="VoxelCount">How many voxels the statistics cover (0 for None).</param>
/// <param name="CaseCount">How many training volumes they came from (0 for None).</param>
public sealed record NormalisationStatistics(NormalisationMode Mode, double Mean, double StandardDeviation, long VoxelCount, int CaseCount)
{
    /// <summary>The identity normalisation (mean 0, std 1).</summary>
    public static NormalisationStatistics Identity { get; } = new(NormalisationMode.None, 0, 1, 0, 0);

    /// <summary>Checks the values: finite mean, finite positive std, identity values for None.</summary>
    /// <exception cref="PreprocessingException">A value is out of range (names it).</exception>
    public NormalisationStatistics Validated()
    {
        if (!double.IsFinite(Mean))
            throw new PreprocessingException($"Normalisation statistics: mean {Mean} must be finite; recompute them from the training images.");
        if (!double.IsFinite(StandardDeviation) || StandardDeviation <= 0)
            throw new PreprocessingException($"Normalisation statistics: standard deviation {StandardDeviation} must be finite and positive; recompute them from the training images " +
                $"(a constant image set cannot be z-scored: use NormalisationMode.None).");
        if (Mode == NormalisationMode.None && (Mean != 0 || StandardDeviation != 1))
            throw new PreprocessingException($"Normalisation statistics: mode None must have mean 0 and std 1, found {Mean} and {StandardDeviation}.");
        return this;
    }
}

/// <summary>
/// Z-score intensity normalisation. As the original, the statistics are the mean and population standard deviation
/// of every voxel of every cropped training image (the segmenter's crops, before augmentation, padding voxels inside
/// the window included, no foreground mask): the original took np.mean / np.std over the stacked training crops.
/// </summary>
public static class IntensityNormalisation
{
    /// <summary>
    /// Statistics over all voxels of <paramref name="trainingImages"/> (pass the training cases only, cropped).
    /// Two passes in double precision (mean, then squared deviations), so large volumes do not lose precision.
    /// </summary>
    /// <exception cref="PreprocessingException">No images, or every voxel has the same value (std 0: z-score undefined).</exception>
    public static NormalisationStatistics ComputeStatistics<T>(IReadOnlyList<Volume<T>> trainingImages) where T : unmanaged, INumber<T>
    {
        if (trainingImages.Count == 0)
            throw new PreprocessingException("Normalisation statistics: no training images were given; pass the cropped training cases.");
        long n = 0;
        var sum = 0.0;
        foreach (var v in trainingImages)
        {
            n += v.Data.LongLength;
            sum += SumParallel(v.Data, 0, squares: false);
        }
        var mean = sum / n;
        var squares = 0.0;
        foreach (var v in trainingImages) squares += SumParallel(v.Data, mean, squares: true);
        var std = Math.Sqrt(squares / n);
        if (!(std > 0))
            throw new PreprocessingException(
                $"Normalisation statistics: all {n} training voxels have the value {mean}, so the standard deviation is 0 and z-scores are undefined. " +
                "Check the training images (are they blank?), or use NormalisationMode.None.");
        return new NormalisationStatistics(NormalisationMode.ZScore, mean, std, n, trainingImages.Count);
    }

    /// <summary>(x - mean) / std as float voxels with the input's geometry; with <see cref="NormalisationMode.None"/> a float copy.</summary>
    public static Volume<float> Apply<T>(Volume<T> image, NormalisationStatistics statistics) where T : unmanaged, INumber<T>
    {
        statistics.Validated();
        var src = image.Data;
        var dst = new float[src.Length];
        var mean = statistics.Mean;
        var scale = 1.0 / statistics.StandardDeviation;
        Parallel.For(0, image.Shape.Depth, d =>
        {
            var plane = image.Shape.Height * image.Shape.Width;
            var start = d * plane;
            for (var i = start; i < start + plane; i++)
                dst[i] = (float)((double.CreateTruncating(src[i]) - mean) * scale);
        });
        return new Volume<float>(image.Shape, dst, image.Geometry, image.Metadata);
    }

    /// <summary>Undoes <see cref="Apply{T}"/>: x * std + mean.</summary>
    public static Volume<float> Invert(Volume<float> normalised, NormalisationStatistics statistics)
    {
        statistics.Validated();
        var src = normalised.Data;
        var dst = new float[src.Length];
        for (var i = 0; i < src.Length; i++) dst[i] = (float)(src[i] * statistics.StandardDeviation + statistics.Mean);
        return new Volume<float>(normalised.Shape, dst, normalised.Geometry, normalised.Metadata);
    }

    /// <summary>Sum of x (or of (x - centre)^2 when <paramref name="squares"/>) over the array, in double.</summary>
    private static double SumParallel<T>(T[] data, double centre, bool squares) where T : unmanaged, INumber<T>
    {
        const int Chunk = 1 << 20;
        var chunks = (int)((data.LongLength + Chunk - 1) / Chunk);
        var partial = new double[chunks];
        Parallel.For(0, chunks, c =>
        {
            var end = (int)Math.Min(data.LongLength, (long)(c + 1) * Chunk);
            var s = 0.0;
            if (squares)
            {
                for (var i = c * Chunk; i < end; i++)
                {
                    var x = double.CreateTruncating(data[i]) - centre;
                    s += x * x;
                }
            }
            else
            {
                for (var i = c * Chunk; i < end; i++) s += double.CreateTruncating(data[i]);
            }
            partial[c] = s;
        });
        // Summing the chunk totals in a fixed order keeps the result deterministic whatever the thread schedule.
        var total = 0.0;
        foreach (var p in partial) total += p;
        return total;
    }
}
