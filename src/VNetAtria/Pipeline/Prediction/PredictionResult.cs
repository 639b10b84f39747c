using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>What happened while predicting a case that a reader of the summary should know about.</summary>
[Flags]
public enum PredictionFlags
{
    /// <summary>Nothing to report.</summary>
    None = 0,

    /// <summary>The locator found nothing; the window was placed by the crop plan's fallback.</summary>
    LocatorFallback = 1,

    /// <summary>The window centred on the located box reached past the canvas and was shifted inside.</summary>
    WindowShifted = 2,

    /// <summary>The window does not contain the whole located box (the patch is too small for this case).</summary>
    BoxCutByWindow = 4,

    /// <summary>The located box plus the prediction buffer is larger than the patch.</summary>
    BufferShort = 8,

    /// <summary>The volume was larger than the canvas and centre-cropped; voxels outside come back as background.</summary>
    PaddingCropped = 16,

    /// <summary>No voxel reached the threshold.</summary>
    EmptyPrediction = 32,

    /// <summary>Largest-component post-processing removed at least one other component.</summary>
    ComponentsRemoved = 64,
}

/// <summary>How the segmenter saw the volume.</summary>
public enum PredictionMode
{
    /// <summary>One window of the crop plan's patch size, placed by the locator (the original).</summary>
    LocatorCrop,

    /// <summary>No locator: the whole (padded) volume in one pass.</summary>
    WholeVolume,

    /// <summary>Overlapping windows over the whole (padded) volume, Gaussian-weighted.</summary>
    SlidingWindow,
}

/// <summary>Time spent in one step of a case's prediction (device work synchronised before the clock stops).</summary>
/// <param name="Step">The step's name (pad, locate, crop, segment, threshold, paste, largest-component, ...).</param>
/// <param name="Milliseconds">Wall time.</param>
public sealed record StepTiming(string Step, double Milliseconds);

/// <summary>One case's prediction.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Label">The label (0 / <see cref="PredictorOptions.ForegroundValue"/>) with exactly the input's shape, geometry and metadata.</param>
/// <param name="Probabilities">The probability map with the input's geometry (0 outside the segmented window), when <see cref="PredictorOptions.KeepProbabilities"/>.</param>
/// <param name="Mode">How the segmenter saw the volume.</param>
/// <param name="Window">The region segmented, in canvas voxels (the whole canvas outside <see cref="PredictionMode.LocatorCrop"/>).</param>
/// <param name="CasePlan">The locator's crop plan for the case (null without the locator).</param>
/// <param name="Flags">Things to report.</param>
/// <param name="Components">Foreground components before largest-component post-processing (null when it is off).</param>
/// <param name="Timings">Per-step times, in order.</param>
/// <param name="Warnings">Sentences for the log.</param>
public sealed record PredictionResult(
    string CaseId,
    Volume<byte> Label,
    Volume<float>? Probabilities,
    PredictionMode Mode,
    Box3 Window,
    CaseCropPlan? CasePlan,
    PredictionFlags Flags,
    int? Components,
    IReadOnlyList<StepTiming> Timings,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Total time of all steps (ms).</summary>
    public double TotalMilliseconds => Timings.Sum(t => t.Milliseconds);

    /// <summary>Number of foreground voxels in <see cref="Label"/>.</summary>
    public long ForegroundVoxels => Label.Data.LongLength - Label.Data.AsSpan().Count((byte)0);
}

/// <summary>One line of a folder prediction's summary.</summary>
/// <param name="CaseId">The case (from the file or folder name).</param>
/// <param name="InputPath">The image read.</param>
/// <param name="OutputPath">The label written.</param>
/// <param name="Milliseconds">Time for the case, reading and writing included.</param>
/// <param name="Mode">How the segmenter saw the volume.</param>
/// <param name="Window">The region segmented, in canvas voxels.</param>
/// <param name="Flags">Things to report.</param>
/// <param name="ForegroundVoxels">Foreground voxels in the written label.</param>
/// <param name="Warnings">Sentences for the log.</param>
public sealed record PredictionCaseSummary(
    string CaseId,
    string InputPath,
    string OutputPath,
    double Milliseconds,
    PredictionMode Mode,
    Box3 Window,
    PredictionFlags Flags,
    long ForegroundVoxels,
    IReadOnlyList<string> Warnings);
