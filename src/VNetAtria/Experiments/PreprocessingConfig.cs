using System.Globalization;
using System.Text.Json.Serialization;
using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Experiments;

/// <summary>
/// Everything between reading a case and feeding a model (docs/original-pipeline.md, "Data", "Locator stage",
/// "Segmentation stage"). Defaults are the original's.
/// </summary>
public sealed record PreprocessingConfig
{
    /// <summary>
    /// The canvas every volume is centre-padded to, "DxHxW" (the original's "96x640x640"), or "none" to keep each
    /// volume's own shape (small phantoms, UA-MT volumes).
    /// </summary>
    public string Canvas { get; init; } = "96x640x640";

    /// <summary>Which label values are foreground (strict: 0/1/255 only, the original's 255 -> 1).</summary>
    public LabelValueMapping LabelMapping { get; init; } = LabelValueMapping.Strict;

    /// <summary>What to do with a volume larger than the canvas (error by default).</summary>
    public OversizePolicy Oversize { get; init; } = OversizePolicy.Error;

    /// <summary>Intensity normalisation of the segmenter's input: zscore with training statistics (the original) or none (UA-MT h5 is already normalised).</summary>
    public NormalisationMode Normalisation { get; init; } = NormalisationMode.ZScore;

    /// <summary>The locator's scale (D, H, W), output size / input size: the original's (0.5, 0.25, 0.25).</summary>
    public double[] LocatorScale { get; init; } = [0.5, 0.25, 0.25];

    /// <summary>How images are downscaled for the locator (the original's anti-aliased nearest neighbour).</summary>
    public ImageDownscaleInterpolation LocatorInterpolation { get; init; } = ImageDownscaleInterpolation.AntialiasedNearest;

    /// <summary>How labels are downscaled for the locator (centre-aligned; original-zoom reproduces scipy's zoom grid).</summary>
    public LabelCoordinateMapping LocatorLabelCoordinates { get; init; } = LabelCoordinateMapping.CentreAligned;

    /// <summary>Crop planning from the locator's output.</summary>
    public CropConfig Crop { get; init; } = new();

    /// <summary>
    /// Scale of the segmenter's input relative to the crop: 1 (the original: full resolution) or 0.5 (half size on
    /// every axis, for CPU runs).
    /// </summary>
    public double SegmenterInputScale { get; init; } = 1.0;

    /// <summary>The canvas as a shape; null for "none".</summary>
    [JsonIgnore]
    public Shape3? CanvasShape => TryParseCanvas(Canvas, out var shape) ? shape : throw new InvalidOperationException($"preprocessing.canvas '{Canvas}' is not DxHxW or none; call Validate first.");

    /// <summary>The locator scale as the preprocessing record.</summary>
    [JsonIgnore]
    public ScaleFactors LocatorScaleValue => new(LocatorScale[0], LocatorScale[1], LocatorScale[2]);

    /// <summary>Parses "DxHxW" (positive integers) or "none" (null shape).</summary>
    public static bool TryParseCanvas(string? text, out Shape3? shape)
    {
        shape = null;
        if (text is null) return false;
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return true;
        var parts = text.Split('x', StringSplitOptions.TrimEntries);
        if (parts.Length != 3) return false;
        var v = new int[3];
        for (var a = 0; a < 3; a++)
            if (!int.TryParse(parts[a], NumberStyles.None, CultureInfo.InvariantCulture, out v[a]) || v[a] < 1) return false;
        shape = new Shape3(v[0], v[1], v[2]);
        return true;
    }

    internal void Validate(string path, ConfigProblems p)
    {
        if (!TryParseCanvas(Canvas, out var canvas))
            p.Add(path + ".canvas", $"'{Canvas}' is not a shape DxHxW of positive integers (e.g. 96x640x640) or none");
        if (p.Length(path + ".locatorScale", LocatorScale, 3, "[0.5, 0.25, 0.25]"))
            for (var a = 0; a < 3; a++)
                if (!(LocatorScale[a] > 0 && LocatorScale[a] <= 1))
                    p.Add($"{path}.locatorScale[{a}]", $"must be in (0, 1] (output size / input size), found {ConfigProblems.Format(LocatorScale[a])}");
        if (SegmenterInputScale is not (1.0 or 0.5))
            p.Add(path + ".segmenterInputScale", $"must be 1 or 0.5, found {ConfigProblems.Format(SegmenterInputScale)}");
        Crop.Validate(path + ".crop", p, canvas);
    }
}

/// <summary>Crop planning (Preprocessing/CropPlanOptions); defaults are the original's.</summary>
public sealed record CropConfig
{
    /// <summary>A locator slice is foreground when its probability mass is at least this (the original's 10).</summary>
    public double Threshold { get; init; } = 10;

    /// <summary>Voxels added per axis (D, H, W) to the largest training extent (the original's 35).</summary>
    public int[] TrainingBuffer { get; init; } = [35, 35, 35];

    /// <summary>The margin (D, H, W) checked for cases planned at prediction time (the original's 30; its README says 30 throughout).</summary>
    public int[] PredictionBuffer { get; init; } = [30, 30, 30];

    /// <summary>Patch sizes (and, with the locator disabled, whole-volume inputs) are padded to multiples of this (16 for the VNet).</summary>
    public int Multiple { get; init; } = 16;

    /// <summary>Where the window goes when the locator finds nothing (the original asserted; we fall back).</summary>
    public CropFallback Fallback { get; init; } = CropFallback.TrainingMeanCentre;

    /// <summary>How locator indices scale back (voxel footprint; original-index-scaling reproduces the original's patch size).</summary>
    public ExtentConvention Extent { get; init; } = ExtentConvention.VoxelFootprint;

    internal void Validate(string path, ConfigProblems p, Shape3? canvas)
    {
        p.Positive(path + ".threshold", Threshold);
        foreach (var (name, buffer) in new[] { ("trainingBuffer", TrainingBuffer), ("predictionBuffer", PredictionBuffer) })
            if (p.Length($"{path}.{name}", buffer, 3, "[35, 35, 35]"))
                for (var a = 0; a < 3; a++) p.AtLeast($"{path}.{name}[{a}]", buffer[a], 0);
        p.AtLeast(path + ".multiple", Multiple, 1);
        if (canvas is { } c && Multiple >= 1)
            for (var a = 0; a < 3; a++)
                if (c[a] < Multiple)
                    p.Add(path + ".multiple", $"{Multiple} exceeds the canvas {c} on axis {"DHW"[a]}; no patch fits (use a larger canvas or canvas none)");
    }

    /// <summary>The crop planner's options for a canvas and locator scale.</summary>
    public CropPlanOptions ToCropPlanOptions(Shape3 canvas, ScaleFactors scale) => new()
    {
        Canvas = canvas,
        Scale = scale,
        Threshold = Threshold,
        TrainingBuffer = new Index3(TrainingBuffer[0], TrainingBuffer[1], TrainingBuffer[2]),
        PredictionBuffer = new Index3(PredictionBuffer[0], PredictionBuffer[1], PredictionBuffer[2]),
        Multiple = Multiple,
        Fallback = Fallback,
        Extent = Extent,
    };
}
