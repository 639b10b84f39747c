using VNetAtria.Experiments;
using VNetAtria.Training;

namespace VNetAtria.Results;

/// <summary>
/// The files of one run, <c>runs/&lt;name&gt;/</c>, and the one home of their names: config.json, log.txt, locator/,
/// crop-plan.json, normalisation.json, segmenter/, predictions/, metrics.csv/json, run-summary.json, results.md. Each
/// stage's trainer folder is a <see cref="TrainerFolder"/>.
/// </summary>
/// <param name="Root">The run folder (absolute).</param>
public sealed record RunFolder(string Root)
{
    /// <summary>The effective configuration's file name.</summary>
    public const string ConfigFileName = "config.json";
    /// <summary>The per-case metrics' file name (the chosen post-processing).</summary>
    public const string MetricsFileName = "metrics.csv";
    /// <summary>The training summary's file name.</summary>
    public const string SummaryFileName = "run-summary.json";
    /// <summary>The post-processing choice's file name.</summary>
    public const string PostProcessingFileName = "postprocessing.json";
    /// <summary>The locator's trainer folder name.</summary>
    public const string LocatorFolderName = "locator";
    /// <summary>The segmenter's trainer folder name.</summary>
    public const string SegmenterFolderName = "segmenter";

    /// <summary>The effective configuration.</summary>
    public string Config => Path.Combine(Root, ConfigFileName);
    /// <summary>The run's log.</summary>
    public string Log => Path.Combine(Root, "log.txt");
    /// <summary>Generated synthetic cohort (when <c>data.synthetic</c>).</summary>
    public string SyntheticData => Path.Combine(Root, "data");
    /// <summary>The locator's trainer folder.</summary>
    public string LocatorFolder => Path.Combine(Root, LocatorFolderName);
    /// <summary>The segmenter's trainer folder.</summary>
    public string SegmenterFolder => Path.Combine(Root, SegmenterFolderName);
    /// <summary>The crop plan from the trained locator.</summary>
    public string CropPlan => Path.Combine(Root, "crop-plan.json");
    /// <summary>Per-case crop recall of the plan.</summary>
    public string CropRecall => Path.Combine(Root, "crop-recall.csv");
    /// <summary>Z-score statistics of the training crops.</summary>
    public string Normalisation => Path.Combine(Root, "normalisation.json");
    /// <summary>Predictions of the validation cases.</summary>
    public string Predictions => Path.Combine(Root, "predictions");
    /// <summary>Predictions of the validation cases keeping only the largest connected component (the other variant; see <see cref="PostProcessing"/>).</summary>
    public string PredictionsLargestComponent => Path.Combine(Root, "predictions-largest-component");
    /// <summary>Per-case metrics of the predictions without post-processing (CSV).</summary>
    public string MetricsWithoutPostProcessingCsv => Path.Combine(Root, "metrics-raw.csv");
    /// <summary>Per-case metrics of the largest-component predictions (CSV).</summary>
    public string MetricsLargestComponentCsv => Path.Combine(Root, "metrics-largest-component.csv");
    /// <summary>Whether predictions keep the largest component, decided on validation.</summary>
    public string PostProcessing => Path.Combine(Root, PostProcessingFileName);
    /// <summary>Per-case metrics (CSV) of the chosen post-processing.</summary>
    public string MetricsCsv => Path.Combine(Root, MetricsFileName);
    /// <summary>Per-case metrics and summary (JSON).</summary>
    public string MetricsJson => Path.Combine(Root, "metrics.json");
    /// <summary>Training summary.</summary>
    public string Summary => Path.Combine(Root, SummaryFileName);
    /// <summary>The results table (Markdown).</summary>
    public string Results => Path.Combine(Root, "results.md");
    /// <summary>Per-stage training times and epochs written by the stages, read back for the summary.</summary>
    public string StageSummaries => Path.Combine(Root, "stages.json");

    /// <summary>The trainer folder of a stage.</summary>
    public TrainerFolder Stage(ExperimentStage stage) => new(StageFolder(stage));

    /// <summary>The best checkpoint of a stage.</summary>
    public string BestCheckpoint(ExperimentStage stage) => Stage(stage).BestCheckpoint;

    /// <summary>The last checkpoint of a stage.</summary>
    public string LastCheckpoint(ExperimentStage stage) => Stage(stage).LastCheckpoint;

    /// <summary>The trainer folder path of a stage.</summary>
    public string StageFolder(ExperimentStage stage) => stage == ExperimentStage.Locator ? LocatorFolder : SegmenterFolder;

    /// <summary>
    /// Throws a <see cref="RunFolderException"/> naming <paramref name="path"/> and the command that makes it when the file
    /// does not exist.
    /// </summary>
    public static void Require(string path, string whatMakesIt)
    {
        if (!File.Exists(path))
            throw new RunFolderException($"Missing run artefact {path}; run `{whatMakesIt}` first.");
    }
}
