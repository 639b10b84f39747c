namespace VNetAtria.Augmentation;

/// <summary>
/// How spatial transforms resample the image. Labels are always resampled with nearest neighbour, so they stay binary.
/// </summary>
public enum ImageInterpolation
{
    /// <summary>Nearest neighbour, as the original (scipy.ndimage.rotate with order=0 for image and label alike).</summary>
    Nearest,

    /// <summary>Trilinear (bilinear in-plane on the per-slice path): smoother images, no blocky rotation artefacts.</summary>
    Linear,
}
