namespace VNetAtria.Preprocessing;

/// <summary>How images are downscaled for the locator.</summary>
public enum ImageDownscaleInterpolation
{
    /// <summary>
    /// The original's skimage.transform.rescale(order=0, anti_aliasing=True): a Gaussian smoothing with
    /// sigma = max(0, (in/out - 1) / 2) per axis (skimage's default), truncated at 4 sigma (radius
    /// int(4 sigma + 0.5), scipy's default) with scipy's 'mirror' border (what skimage's mode='reflect' maps to:
    /// d c b | a b c d | c b a), then the nearest voxel to the centre-aligned source coordinate
    /// (out + 0.5) * in/out - 0.5, rounded half up (scipy's order-0 rule, floor(x + 0.5)). For (0.5, 0.25, 0.25):
    /// sigma (0.5, 1.5, 1.5), output voxel (d, h, w) reads the smoothed input at (2d + 1, 4h + 2, 4w + 2).
    /// Values stay in the input's units (skimage's preserve_range=True; without it skimage divides uint8 by 255).
    /// The smoothing is computed only at the sampled voxels, which is the same as smoothing everything and sampling.
    /// </summary>
    AntialiasedNearest,

    /// <summary>
    /// Trilinear interpolation at the same centre-aligned coordinates, without smoothing (edge voxels repeated
    /// where a coordinate falls outside). For factor 2 this is the mean of the two voxels a new one covers; for
    /// factor 4 it averages the middle two of every four.
    /// </summary>
    Linear,
}

/// <summary>Where an output voxel of a nearest-neighbour label downscale reads the input.</summary>
public enum LabelCoordinateMapping
{
    /// <summary>
    /// Centre-aligned (the default, the same grid as the image downscale): source = (out + 0.5) * in/out - 0.5,
    /// rounded half up. Label and image voxels then refer to the same place.
    /// </summary>
    CentreAligned,

    /// <summary>
    /// The original's scipy.ndimage.zoom(order=0) (grid_mode=False): source = out * (in - 1) / (out - 1), which
    /// aligns the first and last voxel centres and stretches the grid in between, so labels drift against the
    /// image by up to half an input voxel times (1/scale - 1). Kept for reproducing the original.
    /// </summary>
    OriginalZoom,
}

/// <summary>How a locator-resolution volume is brought back to full resolution.</summary>
public enum UpsampleInterpolation
{
    /// <summary>Nearest voxel at the centre-aligned coordinate (labels, masks).</summary>
    Nearest,

    /// <summary>Trilinear at the centre-aligned coordinate, edge voxels repeated outside (probabilities).</summary>
    Linear,
}
