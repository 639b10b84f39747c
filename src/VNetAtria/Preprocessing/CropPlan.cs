using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>One case's crop: what the locator found and the window the segmenter sees.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="LocatorBox">The slices whose probability mass reached the threshold, at locator resolution (null when none).</param>
/// <param name="FullBox">That box at full (canvas) resolution, clipped to the canvas (null when none).</param>
/// <param name="Window">The crop window in canvas voxels; always the plan's patch size and inside the canvas.</param>
/// <param name="UsedFallback">True when the locator found nothing and the window was placed by <see cref="CropPlanOptions.Fallback"/>.</param>
/// <param name="ShiftedAtBorder">True when the centred window reached past the canvas and was shifted inside.</param>
/// <param name="BoxCutByWindow">True when the window does not contain the whole full-resolution box (patch too small for this case).</param>
/// <param name="BufferShort">True when the box's extent plus the buffer in use exceeds the patch size on some axis.</param>
/// <param name="Warning">A sentence for the log when something above is true; null otherwise.</param>
public sealed record CaseCropPlan(
    string CaseId,
    Box3? LocatorBox,
    Box3? FullBox,
    Box3 Window,
    bool UsedFallback,
    bool ShiftedAtBorder,
    bool BoxCutByWindow,
    bool BufferShort,
    string? Warning);

/// <summary>
/// The locator-based crop plan of a run (saved as crop-plan.json and reused for validation and prediction):
/// the patch size every case is cropped to and each planned case's window.
/// </summary>
public sealed record CropPlan
{
    /// <summary>Version of this JSON layout.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The settings the plan was made with.</summary>
    public required CropPlanOptions Options { get; init; }

    /// <summary>The largest full-resolution extent over the training cases where the locator found something (0 when none did).</summary>
    public required Index3 LargestExtent { get; init; }

    /// <summary>The patch size: largest extent + training buffer, capped at the canvas, rounded to the multiple (see <see cref="CropPlanner.PatchSize"/>).</summary>
    public required Shape3 PatchSize { get; init; }

    /// <summary>Mean full-resolution box centre (D, H, W, in canvas voxel corners) of the training cases with a box; null when none had one.</summary>
    public double[]? MeanCentre { get; init; }

    /// <summary>The planned cases, in input order.</summary>
    public required IReadOnlyList<CaseCropPlan> Cases { get; init; }

    /// <summary>Plan-level warnings (e.g. no training case located).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The window of <paramref name="caseId"/>.</summary>
    /// <exception cref="KeyNotFoundException">The plan has no such case (plan it with <see cref="CropPlanner.PlanCase"/>).</exception>
    public CaseCropPlan Case(string caseId) =>
        Cases.FirstOrDefault(c => c.CaseId == caseId)
        ?? throw new KeyNotFoundException($"The crop plan has no case '{caseId}'; plan new cases with CropPlanner.PlanCase(plan, output).");

    /// <summary>Writes the plan as JSON atomically.</summary>
    public void Save(string path) => PreprocessingJson.Write(path, this);

    /// <summary>Reads a plan written by <see cref="Save"/> and validates its options.</summary>
    /// <exception cref="PreprocessingException">Not a valid plan.</exception>
    public static CropPlan Load(string path)
    {
        var plan = PreprocessingJson.Read<CropPlan>(path);
        if (plan.FormatVersion != 1)
            throw new PreprocessingException($"{path}: crop plan format version {plan.FormatVersion} is not supported (expected 1); re-plan with this version.");
        plan.Options.Validated();
        return plan;
    }
}
