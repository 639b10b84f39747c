using System.Text.Json.Serialization;
using VNetAtria.Runtime;

namespace VNetAtria.Experiments;

/// <summary>
/// One experiment, completely: data, preprocessing, augmentation, the two stages, prediction, device and seed.
/// Written and read as JSON (camelCase names, enum values as kebab-case strings: see configs/README.md) by
/// <see cref="ExperimentConfigLoader"/>, which rejects unknown fields, applies "key=value" overrides and "extends".
/// Every default is the original's where the original defines one (docs/original-pipeline.md).
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>The run's name, also its folder name under runs/ (letters, digits, '-', '_', '.').</summary>
    public string Name { get; init; } = "";

    /// <summary>What the run is for (free text).</summary>
    public string Description { get; init; } = "";

    /// <summary>Where the cases come from and how they are split.</summary>
    public DataConfig Data { get; init; } = new();

    /// <summary>Padding, normalisation, locator resampling and crop planning.</summary>
    public PreprocessingConfig Preprocessing { get; init; } = new();

    /// <summary>The segmenter's training augmentation.</summary>
    public AugmentationConfig Augmentation { get; init; } = new();

    /// <summary>The locator stage (the original's: num_layers 1, Dice, lr 1e-4, batch 5, patience 15, factor 0.85).</summary>
    public StageConfig Locator { get; init; } = StageConfig.OriginalLocator;

    /// <summary>The segmenter stage (the original's VNet row: Dice, lr 3e-4, batch 3, patience 7, factor 0.8).</summary>
    public StageConfig Segmenter { get; init; } = StageConfig.OriginalSegmenter;

    /// <summary>Thresholding and post-processing at prediction time.</summary>
    public PredictionConfig Prediction { get; init; } = new();

    /// <summary>The device: auto, cpu, cuda or cuda:N.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The one seed every random choice of the run flows from (model initialisation, batch order, augmentation).</summary>
    public long Seed { get; init; } = 42;

    /// <summary>CPU threads for torch and the data loader; null leaves the runtime's default.</summary>
    public int? Threads { get; init; }

    /// <summary>The stage whose output is evaluated: the segmenter when enabled, else the locator.</summary>
    [JsonIgnore]
    public ExperimentStage EvaluatedStage => Segmenter.Enabled ? ExperimentStage.Segmenter : ExperimentStage.Locator;

    /// <summary>The settings of <paramref name="stage"/>.</summary>
    public StageConfig Stage(ExperimentStage stage) => stage == ExperimentStage.Locator ? Locator : Segmenter;

    /// <summary>Every problem of the config, each starting with the field's dotted path; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new ConfigProblems();
        if (string.IsNullOrWhiteSpace(Name))
            p.Add("name", "must not be empty (it names the run's folder)");
        else if (Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || Name.StartsWith('.'))
            p.Add("name", $"'{Name}' may hold only letters, digits, '-', '_' and '.' (it names the run's folder)");
        Data.Validate("data", p);
        Preprocessing.Validate("preprocessing", p);
        Augmentation.Validate("augmentation", p);
        Locator.Validate("locator", p);
        Segmenter.Validate("segmenter", p);
        if (Locator.Patches is not null)
            p.Add("locator.patches", "patches are for the segmenter; the locator sees whole downscaled canvases (remove the field)");
        if (!Locator.Enabled && !Segmenter.Enabled)
            p.Add("segmenter.enabled", "both stages are disabled; enable the locator, the segmenter or both");
        ValidateStageInputs(p);
        Prediction.Validate("prediction", p);
        if (!TorchDeviceSpec.TryParse(Device, out _))
            p.Add("device", $"'{Device}' is not valid; expected {TorchDeviceSpec.Forms}");
        if (Threads is { } t) p.AtLeast("threads", t, 1);
        return p.Items;
    }

    /// <summary>Cross-field checks: the locator needs a canvas whose scaled shape the VNet accepts; a halved segmenter input needs crops in multiples of 32.</summary>
    private void ValidateStageInputs(ConfigProblems p)
    {
        var pre = Preprocessing;
        if (Locator.Enabled && Locator.Pretrained is null && PreprocessingConfig.TryParseCanvas(pre.Canvas, out var canvas) && pre.LocatorScale is { Length: 3 } scale
            && scale.All(s => s > 0 && s <= 1))
        {
            if (canvas is not { } c)
                p.Add("preprocessing.canvas", "is none but the locator is enabled: the locator needs every volume on one canvas (e.g. 96x640x640); set a canvas or disable the locator");
            else
            {
                var shape = pre.LocatorScaleValue.OutputShape(c);
                for (var a = 0; a < 3; a++)
                    if (shape[a] % 16 != 0)
                        p.Add("preprocessing.locatorScale", $"gives the locator input {shape.Depth}x{shape.Height}x{shape.Width} (canvas {c.Depth}x{c.Height}x{c.Width} times the scale), " +
                            $"not divisible by 16 on axis {"DHW"[a]} as the VNet needs; change the canvas or the scale");
            }
        }
        if (Segmenter.Enabled && pre.SegmenterInputScale == 0.5 && pre.Crop.Multiple % 32 != 0)
            p.Add("preprocessing.crop.multiple", $"must be a multiple of 32 when segmenterInputScale is 0.5 (halved crops must stay multiples of 16), found {pre.Crop.Multiple}");
    }

    /// <summary>This config when <see cref="Validate"/> finds nothing.</summary>
    /// <exception cref="ExperimentConfigException">Lists every problem.</exception>
    public ExperimentConfig Validated(string source = "config")
    {
        var problems = Validate();
        return problems.Count == 0 ? this : throw new ExperimentConfigException(source, problems);
    }

    /// <summary>The config as indented JSON (every field written, so the file describes the run completely).</summary>
    public string ToJson() => ExperimentConfigJson.Serialize(this);
}

/// <summary>The two trained stages.</summary>
public enum ExperimentStage
{
    /// <summary>The low-resolution locator that plans the crop.</summary>
    Locator,
    /// <summary>The full-resolution segmenter on the crop.</summary>
    Segmenter,
}
