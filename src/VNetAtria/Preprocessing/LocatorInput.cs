using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// The only way from a case to the locator's input, used by the locator stage, the predictor and the notebooks:
/// centre-pad to the canvas, then downscale (image by <see cref="Interpolation"/>, label nearest by
/// <see cref="LabelCoordinates"/>). No z-score: the original fed the locator raw intensities.
/// <see cref="ToInputGrid"/> is the inverse, back to the input's shape and geometry.
/// </summary>
/// <param name="Canvas">The canvas every volume is padded to (96x640x640 for LASC).</param>
/// <param name="Scale">The locator's scale (output / input size per axis).</param>
/// <param name="Oversize">What to do with a volume larger than the canvas.</param>
/// <param name="Interpolation">How images are downscaled.</param>
/// <param name="LabelCoordinates">How label voxels map to the downscaled grid.</param>
public sealed record LocatorInput(
    Shape3 Canvas,
    ScaleFactors Scale,
    OversizePolicy Oversize = OversizePolicy.Error,
    ImageDownscaleInterpolation Interpolation = ImageDownscaleInterpolation.AntialiasedNearest,
    LabelCoordinateMapping LabelCoordinates = LabelCoordinateMapping.CentreAligned)
{
    /// <summary>The volume centre-padded (or centre-cropped, as <see cref="Oversize"/> allows) to the canvas.</summary>
    /// <exception cref="PreprocessingException">Too large for the canvas with <see cref="OversizePolicy.Error"/>.</exception>
    public (Volume<T> Canvas, PaddingRecord Padding) Pad<T>(Volume<T> volume, string? source = null) where T : unmanaged, INumber<T> =>
        CanonicalPadding.Apply(volume, Canvas, Oversize, source);

    /// <summary>The locator's input for an image: padded to the canvas, then downscaled.</summary>
    public Volume<float> Image<T>(Volume<T> image, string? source = null) where T : unmanaged, INumber<T> =>
        FromCanvas(Pad(image, source).Canvas);

    /// <summary>The locator's input for an image already padded to the canvas (the predictor pads once for both networks).</summary>
    public Volume<float> FromCanvas<T>(Volume<T> canvas) where T : unmanaged, INumber<T> =>
        VolumeResampling.DownscaleImage(canvas, Scale, Interpolation);

    /// <summary>The locator's training target for a label: padded to the canvas, then downscaled (nearest).</summary>
    public Volume<byte> Label(Volume<byte> label, string? source = null) =>
        VolumeResampling.DownscaleLabel(Pad(label, source).Canvas, Scale, LabelCoordinates);

    /// <summary>The locator's input shape (<see cref="ScaleFactors.OutputShape"/> of the canvas).</summary>
    public Shape3 InputShape => Scale.OutputShape(Canvas);

    /// <summary>
    /// The inverse: a map on the locator's grid (e.g. its probabilities) upsampled to the canvas of
    /// <paramref name="canvasGeometry"/> and unpadded by <paramref name="padding"/>, so it lies on the input's grid.
    /// </summary>
    public Volume<float> ToInputGrid(Volume<float> locatorMap, VolumeGeometry canvasGeometry, PaddingRecord padding, UpsampleInterpolation interpolation = UpsampleInterpolation.Linear) =>
        CanonicalPadding.Invert(VolumeResampling.Upsample(locatorMap, Canvas, canvasGeometry, interpolation), padding);
}
