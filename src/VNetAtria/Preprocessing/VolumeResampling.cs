using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// Changes of resolution for both networks: images and labels down to the locator's resolution (96x640x640 ->
/// 48x160x160 for LASC) or the segmenter's input scale, and network outputs back up. Output geometry keeps the world position of the volume's
/// corner and scales the spacing (<see cref="VolumeGeometry.Rescaled"/>), so world coordinates stay meaningful.
/// </summary>
public static class VolumeResampling
{
    /// <summary>skimage's default anti-aliasing sigma for one axis, max(0, (in/out - 1) / 2), in input voxels.</summary>
    public static double AntiAliasingSigma(int inSize, int outSize) => ResamplingTaps.AntiAliasingSigma(inSize, outSize);

    /// <summary>
    /// The source coordinate (in input voxels) that output voxel <paramref name="outIndex"/> reads under
    /// <paramref name="mapping"/>; nearest-neighbour sampling takes floor(x + 0.5).
    /// </summary>
    public static double SourceCoordinate(int outIndex, int inSize, int outSize, LabelCoordinateMapping mapping) =>
        ResamplingTaps.SourceCoordinate(outIndex, inSize, outSize, mapping);

    /// <summary>
    /// The image at locator resolution as float voxels in the input's units (not z-scored: the original fed the
    /// locator raw intensities). See <see cref="ImageDownscaleInterpolation"/> for exactly what each option computes.
    /// </summary>
    /// <exception cref="PreprocessingException">A scale factor is outside (0, 1].</exception>
    public static Volume<float> DownscaleImage<T>(Volume<T> image, ScaleFactors scale, ImageDownscaleInterpolation interpolation = ImageDownscaleInterpolation.AntialiasedNearest)
        where T : unmanaged, INumber<T>
    {
        var outShape = scale.OutputShape(image.Shape);
        Func<int, int, ResamplingTaps> taps = interpolation == ImageDownscaleInterpolation.Linear ? ResamplingTaps.Linear : ResamplingTaps.GaussianAtNearest;
        var data = SeparableResampler.Apply(image.Data, image.Shape,
            taps(image.Shape.Depth, outShape.Depth), taps(image.Shape.Height, outShape.Height), taps(image.Shape.Width, outShape.Width));
        return new Volume<float>(outShape, data, CentreAlignedGeometry(image.Geometry, image.Shape, outShape), image.Metadata);
    }

    /// <summary>
    /// The label at locator resolution by nearest neighbour (values copied, so a 0/1 label stays 0/1). The default
    /// mapping is centre-aligned like the image; <see cref="LabelCoordinateMapping.OriginalZoom"/> reproduces the
    /// original's scipy.ndimage.zoom(order=0), whose output geometry aligns the first and last voxel centres.
    /// </summary>
    /// <exception cref="PreprocessingException">A scale factor is outside (0, 1].</exception>
    public static Volume<T> DownscaleLabel<T>(Volume<T> label, ScaleFactors scale, LabelCoordinateMapping mapping = LabelCoordinateMapping.CentreAligned)
        where T : unmanaged, INumber<T>
    {
        var s = label.Shape;
        var o = scale.OutputShape(s);
        var data = SeparableResampler.Gather(label.Data, s,
            ResamplingTaps.NearestMap(s.Depth, o.Depth, mapping), ResamplingTaps.NearestMap(s.Height, o.Height, mapping), ResamplingTaps.NearestMap(s.Width, o.Width, mapping));
        var geometry = mapping == LabelCoordinateMapping.OriginalZoom
            ? label.Geometry with { Spacing = new Spacing3(ZoomSpacing(label.Geometry.Spacing.D, s.Depth, o.Depth), ZoomSpacing(label.Geometry.Spacing.H, s.Height, o.Height), ZoomSpacing(label.Geometry.Spacing.W, s.Width, o.Width)) }
            : CentreAlignedGeometry(label.Geometry, s, o);
        return new Volume<T>(o, data, geometry, label.Metadata);
    }

    /// <summary>
    /// A locator-resolution volume (e.g. sigmoid probabilities) brought to <paramref name="shape"/> with centre-aligned
    /// coordinates (source = (out + 0.5) * in/out - 0.5), carrying <paramref name="geometry"/> (the canvas's).
    /// </summary>
    public static Volume<float> Upsample(Volume<float> volume, Shape3 shape, VolumeGeometry geometry, UpsampleInterpolation interpolation = UpsampleInterpolation.Linear)
    {
        shape.Validated("Upsample target");
        var s = volume.Shape;
        float[] data;
        if (interpolation == UpsampleInterpolation.Nearest)
        {
            data = SeparableResampler.Gather(volume.Data, s,
                ResamplingTaps.NearestMap(s.Depth, shape.Depth, LabelCoordinateMapping.CentreAligned),
                ResamplingTaps.NearestMap(s.Height, shape.Height, LabelCoordinateMapping.CentreAligned),
                ResamplingTaps.NearestMap(s.Width, shape.Width, LabelCoordinateMapping.CentreAligned));
        }
        else
        {
            data = SeparableResampler.Apply(volume.Data, s, ResamplingTaps.Linear(s.Depth, shape.Depth), ResamplingTaps.Linear(s.Height, shape.Height), ResamplingTaps.Linear(s.Width, shape.Width));
        }
        return new Volume<float>(shape, data, geometry, volume.Metadata);
    }

    /// <summary>Geometry of a centre-aligned resampling from <paramref name="from"/> to <paramref name="to"/> voxels: the corner stays, spacing scales by in/out.</summary>
    internal static VolumeGeometry CentreAlignedGeometry(VolumeGeometry geometry, Shape3 from, Shape3 to) =>
        geometry.Rescaled((double)to.Depth / from.Depth, (double)to.Height / from.Height, (double)to.Width / from.Width);

    // zoom(grid_mode=False) puts output voxel 0 on input voxel 0 and the last on the last: spacing * (in - 1) / (out - 1).
    private static double ZoomSpacing(double spacing, int inSize, int outSize) => outSize > 1 ? spacing * (inSize - 1) / (outSize - 1) : spacing;
}
