using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>Where the window of a case goes when the locator finds nothing in it.</summary>
public enum CropFallback
{
    /// <summary>Centred on the mean box centre of the training cases where the locator found the atrium (the canvas centre if there were none).</summary>
    TrainingMeanCentre,

    /// <summary>Centred on the canvas.</summary>
    CanvasCentre,
}

/// <summary>How locator indices become a full-resolution box.</summary>
public enum ExtentConvention
{
    /// <summary>
    /// The default: locator voxel i covers full-resolution voxels [i / s, (i + 1) / s), so the box of first..last is
    /// [floor(first / s), ceil((last + 1) / s)) and its extent (last - first + 1) / s.
    /// </summary>
    VoxelFootprint,

    /// <summary>
    /// The original: indices divided by the scale, [first / s, last / s), extent (last - first) / s, i.e. one locator
    /// voxel (2 slices in D, 4 voxels in H and W for LASC) smaller than the footprint. Kept to reproduce its patch size.
    /// </summary>
    OriginalIndexScaling,
}

/// <summary>
/// Settings of the locator-based crop planning; the defaults are the original's (LASC canvas 96x640x640, scale
/// (0.5, 0.25, 0.25), slice-mass threshold 10, buffer 35 when training and 30 when predicting, multiples of 16 for
/// the VNet's four stride-2 stages).
/// </summary>
public sealed record CropPlanOptions
{
    /// <summary>The full-resolution canvas (after canonical padding).</summary>
    public Shape3 Canvas { get; init; } = CanonicalPadding.LascCanvas;

    /// <summary>The locator's scale (locator size / canvas size per axis).</summary>
    public ScaleFactors Scale { get; init; } = ScaleFactors.Lasc;

    /// <summary>
    /// A locator slice counts as foreground when its probability mass (sum of sigmoid outputs over the two other
    /// axes) is at least this (the original's 10).
    /// </summary>
    public double Threshold { get; init; } = 10;

    /// <summary>Voxels added to the largest training extent on each axis when planning from training cases (the original's 35).</summary>
    public Index3 TrainingBuffer { get; init; } = new(35, 35, 35);

    /// <summary>
    /// The margin a case planned later (validation, prediction) should have on each axis (the original's 30): the patch
    /// size is the plan's, and a case whose extent plus this buffer exceeds it is flagged.
    /// </summary>
    public Index3 PredictionBuffer { get; init; } = new(30, 30, 30);

    /// <summary>Patch sizes are multiples of this (16: the VNet needs sizes divisible by 2^4).</summary>
    public int Multiple { get; init; } = 16;

    /// <summary>Where a window goes when the locator finds nothing.</summary>
    public CropFallback Fallback { get; init; } = CropFallback.TrainingMeanCentre;

    /// <summary>How locator indices scale back to full resolution.</summary>
    public ExtentConvention Extent { get; init; } = ExtentConvention.VoxelFootprint;

    /// <summary>The locator's output shape these options expect: <see cref="ScaleFactors.OutputShape"/> of the canvas.</summary>
    public Shape3 LocatorShape => Scale.OutputShape(Canvas);

    /// <summary>Checks every setting (names the one at fault and what would work).</summary>
    /// <exception cref="PreprocessingException">A setting is out of range.</exception>
    public CropPlanOptions Validated()
    {
        Scale.Validated();
        if (!Canvas.IsPositive)
            throw new PreprocessingException($"Crop plan options: canvas {Canvas} must be positive on every axis (e.g. 96x640x640).");
        if (Multiple < 1)
            throw new PreprocessingException($"Crop plan options: multiple {Multiple} must be at least 1 (16 for the VNet).");
        for (var a = 0; a < 3; a++)
        {
            if (Canvas[a] < Multiple)
                throw new PreprocessingException($"Crop plan options: canvas {Canvas} is smaller than the multiple {Multiple} on axis {CanonicalPadding.AxisName(a)}, so no patch size fits; pad to a larger canvas.");
            if (TrainingBuffer[a] < 0 || PredictionBuffer[a] < 0)
                throw new PreprocessingException($"Crop plan options: buffers (training {TrainingBuffer}, prediction {PredictionBuffer}) must not be negative.");
        }
        if (!double.IsFinite(Threshold) || Threshold <= 0)
            throw new PreprocessingException($"Crop plan options: threshold {Threshold} must be finite and positive (the original's 10: a slice's summed probability).");
        return this;
    }
}
