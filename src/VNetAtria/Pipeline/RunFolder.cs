using VNetAtria.Experiments;

namespace VNetAtria.Pipeline;

/// <summary>
/// The files of one run, <c>runs/&lt;name&gt;/</c>: config.json, log.txt, locator/, crop-plan.json, normalisation.json,
/// segmenter/, predictions/, metrics.csv/json, run-summary.json, results.md.
/// </summary>
/// <param name="Root">The run folder (absolute).</param>
public sealed record RunFolder(string Root)
{
    /// <summary>The effective configuration.</summary>
    public string Config => Path.Combine(Root, RunResult.ConfigFileName);
    /// <summary>The run's log.</summary>
    public string Log => Path.Combine(Root, "log.txt");
    /// <summary>Generated synthetic cohort (when <c>data.synthetic</c>).</summary>
    public string SyntheticData => Path.Combine(Root, "data");
    /// <summary>The locator's trainer folder.</summary>
    public string LocatorFolder => Path.Combine(Root, "locator");
    /// <summary>The segmenter's trainer folder.</summary>
    public string SegmenterFolder => Path.Combine(Root, "segmenter");
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
    /// <summary>Whether predictions keep the largest component, decided on validation (<see cref="PostProcessingChoice"/>).</summary>
    public string PostProcessing => Path.Combine(Root, PostProcessingChoice.FileName);
    /// <summary>Per-case metrics (CSV) of the chosen post-processing.</summary>
    public string MetricsCsv => Path.Combine(Root, RunResult.MetricsFileName);
    /// <summary>Per-case metrics and summary (JSON).</summary>
    public string MetricsJson => Path.Combine(Root, "metrics.json");
    /// <summary>Training summary.</summary>
    public string Summary => Path.Combine(Root, RunSummary.FileName);
    /// <summary>The results table (Markdown).</summary>
    public string Results => Path.Combine(Root, "results.md");
    /// <summary>Per-stage training times and epochs written by the stages, read back for the summary.</summary>
    public string StageSummaries => Path.Combine(Root, "stages.json");

    /// <summary>The best checkpoint of a stage.</summary>
    public string BestCheckpoint(ExperimentStage stage) => Path.Combine(StageFolder(stage), Training.Trainer.BestCheckpointName);

    /// <summary>The last checkpoint of a stage.</summary>
    public string LastCheckpoint(ExperimentStage stage) => Path.Combine(StageFolder(stage), Training.Trainer.LastCheckpointName);

    /// <summary>The trainer folder of a stage.</summary>
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
