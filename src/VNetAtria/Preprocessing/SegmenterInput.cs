using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// The only way from a case to the segmenter's input, used by the segmenter stage, the predictor and the notebooks:
/// centre-pad to the canvas (when there is one) -> crop the window (when there is one) -> [z-score] -> downscale by
/// the input scale. <see cref="ToInputGrid{T}"/> is the inverse, back to the input's shape and geometry.
/// <para>
/// Training normalises on the loader's tensors after the downscale (<see cref="AtInputScale"/>); prediction
/// normalises the region before it (<see cref="NetworkInput"/>). Linear resampling commutes with the affine z-score, so
/// the two agree up to float rounding; they are kept as they are so that existing runs' numbers do not move.
/// </para>
/// </summary>
/// <param name="Canvas">The shape every volume is centre-padded to, or null to keep each volume's own shape.</param>
/// <param name="InputScale">The segmenter's input scale in (0, 1] on every axis (1: native resolution).</param>
/// <param name="Oversize">What to do with a volume larger than the canvas.</param>
public sealed record SegmenterInput(Shape3? Canvas, double InputScale = 1, OversizePolicy Oversize = OversizePolicy.Error)
{
    /// <summary>The input scale as per-axis factors.</summary>
    public ScaleFactors Scale => ScaleFactors.Uniform(InputScale);

    /// <summary>The volume centre-padded to the canvas, with the record its inverse needs (itself and null without a canvas).</summary>
    /// <exception cref="PreprocessingException">Too large for the canvas with <see cref="OversizePolicy.Error"/>.</exception>
    public (Volume<T> Canvas, PaddingRecord? Padding) Pad<T>(Volume<T> volume, string? source = null) where T : unmanaged, INumber<T>
    {
        if (Canvas is not { } canvas) return (volume, null);
        var (padded, record) = CanonicalPadding.Apply(volume, canvas, Oversize, source);
        return (padded, record);
    }

    /// <summary>The region the segmenter sees of a padded canvas: the window, or the whole canvas when null or whole.</summary>
    public static Volume<T> Crop<T>(Volume<T> canvas, Box3? window) where T : unmanaged, INumber<T> =>
        window is not { } w || w == Box3.Whole(canvas.Shape) ? canvas : CropWindows.Crop(canvas, w);

    /// <summary>Pad, then crop: the region of a case at native resolution.</summary>
    public Volume<T> Region<T>(Volume<T> volume, Box3? window, string? source = null) where T : unmanaged, INumber<T> =>
        Crop(Pad(volume, source).Canvas, window);

    /// <summary>A region's image at the input scale (training passes it un-normalised: the loader normalises its tensors).</summary>
    public Volume<float> AtInputScale(Volume<float> region) =>
        InputScale == 1 ? region : VolumeResampling.DownscaleImage(region, Scale, ImageDownscaleInterpolation.Linear);

    /// <summary>A region's label at the input scale (nearest).</summary>
    public Volume<byte> LabelAtInputScale(Volume<byte> region) =>
        InputScale == 1 ? region : VolumeResampling.DownscaleLabel(region, Scale);

    /// <summary>What the predictor feeds the network: the region z-scored by <paramref name="statistics"/>, then at the input scale.</summary>
    public Volume<float> NetworkInput(Volume<float> region, NormalisationStatistics statistics) =>
        AtInputScale(Normalise(region, statistics));

    /// <summary>A region z-scored by <paramref name="statistics"/> (on the region's grid).</summary>
    public static Volume<float> Normalise(Volume<float> region, NormalisationStatistics statistics) =>
        IntensityNormalisation.Apply(region, statistics);

    /// <summary>The value the canvas's zero padding has after z-scoring (what padding added later must look like).</summary>
    public static float PaddingValue(NormalisationStatistics statistics) =>
        (float)((0 - statistics.Mean) / statistics.StandardDeviation);

    /// <summary>The training regions' z-score statistics under <paramref name="mode"/> (identity for <see cref="NormalisationMode.None"/>).</summary>
    public static NormalisationStatistics Statistics(NormalisationMode mode, IReadOnlyList<Volume<float>> trainingRegions) =>
        mode == NormalisationMode.ZScore ? IntensityNormalisation.ComputeStatistics(trainingRegions) : NormalisationStatistics.Identity;

    /// <summary>Values on the network's grid (<paramref name="networkInput"/>) back on the region's grid (linear upsampling).</summary>
    public float[] ToRegionGrid(float[] values, Volume<float> networkInput, Volume<float> region) =>
        InputScale == 1 ? values
            : VolumeResampling.Upsample(new Volume<float>(networkInput.Shape, values, networkInput.Geometry), region.Shape, region.Geometry, UpsampleInterpolation.Linear).Data;

    /// <summary>
    /// The inverse of <see cref="Region{T}"/>: a region's values pasted into the canvas at <paramref name="window"/>
    /// (zeros elsewhere) and unpadded by <paramref name="padding"/>: the input's shape and voxel positions.
    /// </summary>
    public static T[] ToInputGrid<T>(Volume<T> region, Box3 window, Shape3 canvas, PaddingRecord? padding) where T : unmanaged, INumber<T>
    {
        var full = window == Box3.Whole(canvas) ? region : CropWindows.Paste(region, window, canvas);
        return (padding is null ? full : CanonicalPadding.Invert(full, padding)).Data;
    }
}
