using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Metrics;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// After training: predicts the validation cases with the run's artefacts (predictions/&lt;case&gt;.nrrd, the input's
/// geometry, no post-processing; predictions-largest-component/&lt;case&gt;.nrrd, the same keeping the largest connected
/// component), evaluates both against their labels (metrics-raw.csv, metrics-largest-component.csv), decides the
/// post-processing (postprocessing.json) and writes the chosen variant's metrics.csv and metrics.json, run-summary.json
/// and results.md (the run's row with the original's published row under it).
/// </summary>
public static class EvaluationStage
{
    /// <summary>Predicts, evaluates and writes the run's result files; returns the per-case metrics.</summary>
    public static (IReadOnlyList<CaseMetrics> Metrics, IReadOnlyList<PredictionCaseSummary> Predictions) Run(StageContext ctx)
    {
        var run = ctx.Run;
        foreach (var folder in new[] { run.Predictions, run.PredictionsLargestComponent }) Directory.CreateDirectory(folder);
        var predictions = new List<PredictionCaseSummary>();
        var withoutMetrics = new List<CaseMetrics>();
        var largestMetrics = new List<CaseMetrics>();
        // The label as training reads it (ExperimentData.ReadLabel: the config's label mapping and spacing override).
        // A spacing override (UA-MT h5 has none in the file) means the reference's missing geometry is not a mismatch.
        var options = new EvaluationOptions { Spacing = ctx.Data.SpacingOverride, ReferenceLabels = ctx.Config.Preprocessing.LabelMapping };
        // Predicted once without post-processing; the largest-component variant is derived from the same label, so
        // both are evaluated on exactly the same network output ("report both", and the choice is made on them).
        var raw = ctx.Config with { Prediction = ctx.Config.Prediction with { LargestComponent = false } };
        using (var predictor = RunPredictor.Load(run.Root, ctx.Device, raw))
        {
            var validation = ctx.Data.Validation;
            foreach (var c in validation)
            {
                var image = ctx.Data.ReadImage(c);
                var result = predictor.Predictor.Predict(image, c.CaseId);
                var rawPath = Path.Combine(run.Predictions, c.CaseId + ".nrrd");
                var largestPath = Path.Combine(run.PredictionsLargestComponent, c.CaseId + ".nrrd");
                var largest = ConnectedComponents.KeepLargest(result.Label, Connectivity.Faces);
                VolumeFile.Write(rawPath, result.Label);
                VolumeFile.Write(largestPath, largest);
                predictions.Add(new PredictionCaseSummary(c.CaseId, c.Record.ImagePath, rawPath, result.TotalMilliseconds, result.Mode, result.Window, result.Flags, result.ForegroundVoxels, result.Warnings));
                // Evaluated in memory: the files just written hold the same voxels.
                var label = ctx.Data.ReadLabel(c);
                var labelPath = c.Record.LabelPath!;
                withoutMetrics.Add(Evaluator.Evaluate(c.CaseId, result.Label, label,
                    Evaluator.SharedSpacing(c.CaseId, result.Label, rawPath, label, labelPath, options.Spacing), options, labelPath));
                largestMetrics.Add(Evaluator.Evaluate(c.CaseId, largest, label,
                    Evaluator.SharedSpacing(c.CaseId, largest, largestPath, label, labelPath, options.Spacing), options, labelPath));
                ctx.Progress?.Report(new WorkProgress("predicting validation cases", predictions.Count, validation.Count, c.CaseId));
            }
        }
        var choice = PostProcessingChoice.Decide(ctx.Config.Prediction.LargestComponent, withoutMetrics, largestMetrics);
        choice.Write(run.PostProcessing);
        MetricsTables.Write(run.MetricsWithoutPostProcessingCsv, MetricsTables.ToCsv(withoutMetrics));
        MetricsTables.Write(run.MetricsLargestComponentCsv, MetricsTables.ToCsv(largestMetrics));
        var metrics = choice.Chosen ? largestMetrics : withoutMetrics;
        if (choice.Chosen)
            predictions = predictions.Select(p => p with { OutputPath = Path.Combine(run.PredictionsLargestComponent, p.CaseId + ".nrrd") }).ToList();
        MetricsTables.Write(run.MetricsCsv, MetricsTables.ToCsv(metrics));
        MetricsTables.Write(run.MetricsJson, MetricsTables.ToJson(metrics, SegmentationMetricOptions.Default, excludeEmpty: false));
        ctx.Log($"post-processing ({choice.Setting}): largest component {(choice.Chosen ? "kept" : "off")}. {choice.Reason}");
        WriteSummary(ctx.Config, run, ctx.Device.ToString());
        var result2 = RunResult.Load(run.Root);
        ResultsTable.Comparison([result2]).WriteMarkdown(run.Results);
        ctx.Log($"evaluation: {metrics.Count} validation cases, mean Dice {metrics.Average(m => m.Dice):F4}; {run.Results}");
        return (metrics, predictions);
    }

    /// <summary>Writes run-summary.json from the stage summaries recorded by training.</summary>
    public static void WriteSummary(ExperimentConfig config, RunFolder run, string device)
    {
        var (locator, segmenter) = StageTraining.ReadSummaries(run);
        new RunSummary
        {
            Name = config.Name,
            Device = device,
            EvaluatedStage = config.EvaluatedStage,
            Locator = config.Locator.Enabled ? locator : null,
            Segmenter = segmenter,
        }.Write(run.Summary);
    }
}
