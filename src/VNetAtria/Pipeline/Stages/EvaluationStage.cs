using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Metrics;
using VNetAtria.Pipeline.Prediction;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// After training: predicts the validation cases with the run's artefacts (predictions/&lt;case&gt;.nrrd, the input's
/// geometry), evaluates them against their labels and writes metrics.csv, metrics.json, run-summary.json and results.md
/// (the run's row with the original's published row under it).
/// </summary>
public static class EvaluationStage
{
    /// <summary>Predicts, evaluates and writes the run's result files; returns the per-case metrics.</summary>
    public static (IReadOnlyList<CaseMetrics> Metrics, IReadOnlyList<PredictionCaseSummary> Predictions) Run(StageContext ctx)
    {
        var run = ctx.Run;
        Directory.CreateDirectory(run.Predictions);
        var predictions = new List<PredictionCaseSummary>();
        var pairs = new List<EvaluationPair>();
        using (var predictor = RunPredictor.Load(run.Root, ctx.Device, ctx.Config))
        {
            var validation = ctx.Data.Validation;
            foreach (var c in validation)
            {
                var image = ctx.Data.ReadImage(c);
                var result = predictor.Predictor.Predict(image, c.CaseId);
                var output = Path.Combine(run.Predictions, c.CaseId + ".nrrd");
                VolumeFile.Write(output, result.Label);
                predictions.Add(new PredictionCaseSummary(c.CaseId, c.Record.ImagePath, output, result.TotalMilliseconds, result.Mode, result.Window, result.Flags, result.ForegroundVoxels, result.Warnings));
                pairs.Add(new EvaluationPair(c.CaseId, output, c.Record.LabelPath!, c.Record.LabelDataset));
                ctx.Progress?.Report(new WorkProgress("predicting validation cases", predictions.Count, validation.Count, c.CaseId));
            }
        }
        // Labels may be 0/255 (laendo.nrrd) and predictions 0/1: both binarise at > 0. A spacing override (UA-MT h5 has
        // none in the file) is passed so the reference's missing geometry is not a mismatch.
        var metrics = Evaluator.Evaluate(pairs, new EvaluationOptions { Spacing = ctx.Data.SpacingOverride });
        MetricsTables.Write(run.MetricsCsv, MetricsTables.ToCsv(metrics));
        MetricsTables.Write(run.MetricsJson, MetricsTables.ToJson(metrics, SegmentationMetricOptions.Default, excludeEmpty: false));
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
