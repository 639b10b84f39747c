using TorchSharp;
using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Metrics;
using VNetAtria.Pipeline.Stages;
using VNetAtria.Runtime;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Pipeline;

/// <summary>Which stages <see cref="ExperimentRunner.Run"/> trains.</summary>
public enum RunStages
{
    /// <summary>The locator and the crop plan.</summary>
    Locator,
    /// <summary>The segmenter (loads the run's crop plan, or works on whole volumes without a locator).</summary>
    Segmenter,
    /// <summary>Locator, crop plan, segmenter, then prediction and evaluation of the validation cases.</summary>
    All,
    /// <summary>
    /// Prediction and evaluation of the validation cases only, with the run's saved models (a run trained stage by
    /// stage, or models imported from the original's PyTorch checkpoints); plans the crops first when the run has a
    /// locator but no crop-plan.json yet.
    /// </summary>
    Evaluation,
}

/// <summary>What a run did.</summary>
/// <param name="Run">The run folder.</param>
/// <param name="Locator">The locator's training (null when not trained in this call).</param>
/// <param name="Segmenter">The segmenter's training (null when not trained in this call).</param>
/// <param name="Metrics">Validation metrics (null when not evaluated).</param>
/// <param name="Predictions">Validation predictions (empty when not evaluated).</param>
/// <param name="Cancelled">Training stopped on request; checkpoint-last holds the position (resume with --resume).</param>
public sealed record ExperimentRunResult(
    RunFolder Run,
    TrainingResult? Locator,
    TrainingResult? Segmenter,
    IReadOnlyList<CaseMetrics>? Metrics,
    IReadOnlyList<Prediction.PredictionCaseSummary> Predictions,
    bool Cancelled);

/// <summary>
/// The end-to-end two-stage pipeline of one experiment config: data, locator, crop plan, segmenter, prediction and
/// evaluation, in runs/&lt;name&gt;/ (see <see cref="RunFolder"/>). Each stage can run alone from the saved artefacts.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Runs <paramref name="stages"/> of <paramref name="config"/> in <paramref name="runFolder"/>.</summary>
    /// <param name="config">The effective (validated) configuration; written to config.json.</param>
    /// <param name="runFolder">The run folder (created).</param>
    /// <param name="stages">What to train.</param>
    /// <param name="resume">Continue each trained stage from its checkpoint-last.</param>
    /// <param name="log">Log lines (also appended to log.txt).</param>
    /// <param name="progress">Coarse progress of non-training work.</param>
    /// <param name="callbacks">Trainer callbacks for batch and epoch progress.</param>
    /// <param name="cancellation">Stops training after the current batch; checkpoint-last is written.</param>
    public static ExperimentRunResult Run(ExperimentConfig config, string runFolder, RunStages stages = RunStages.All, bool resume = false,
        Action<string>? log = null, IProgress<WorkProgress>? progress = null, TrainingCallbacks? callbacks = null, CancellationToken cancellation = default)
    {
        config = config.Validated(config.Name);
        var run = new RunFolder(Path.GetFullPath(runFolder));
        Directory.CreateDirectory(run.Root);
        using var logFile = new StreamWriter(run.Log, append: true) { AutoFlush = true };
        var gate = new Lock();
        void Log(string line)
        {
            lock (gate) logFile.WriteLine($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}");
            log?.Invoke(line);
        }

        TorchRuntime.EnsureAvailable();
        if (config.Threads is { } threads) torch.set_num_threads(threads);
        var device = TorchRuntime.ResolveDevice(config.Device);
        AtomicFile.WriteAllText(run.Config, config.ToJson());
        Log($"run {config.Name} in {run.Root}: stages {stages}, device {device}{(resume ? ", resume" : "")}");

        var data = ExperimentData.Load(config, run, Log);
        var ctx = new StageContext
        {
            Config = config, Run = run, Data = data, Device = device, Resume = resume, Log = Log, Progress = progress,
            Callbacks = (callbacks ?? new TrainingCallbacks()) is var cb && cb.Log is null ? cb with { Log = Log } : cb,
            Cancellation = cancellation,
        };

        TrainingResult? locator = null, segmenter = null;
        if (stages is RunStages.Locator or RunStages.All && config.Locator.Enabled)
        {
            if (config.Locator.Pretrained is null)
            {
                locator = LocatorStage.Train(ctx);
                if (locator.Outcome == TrainingOutcome.Cancelled) return new(run, locator, null, null, [], true);
            }
            else Log($"locator: reusing {LocatorStage.Checkpoint(config, run)}");
            CropStage.Plan(ctx);
        }
        if (stages is RunStages.Segmenter or RunStages.All && config.Segmenter.Enabled)
        {
            segmenter = SegmenterStage.Train(ctx);
            if (segmenter.Outcome == TrainingOutcome.Cancelled) return new(run, locator, segmenter, null, [], true);
        }
        if (stages == RunStages.Evaluation)
        {
            if (!config.Segmenter.Enabled)
                throw new RunFolderException($"{run.Root}: the run has no segmenter (segmenter.enabled is false); evaluation predicts with one.");
            if (config.Locator.Enabled && !File.Exists(run.CropPlan)) CropStage.Plan(ctx);
        }
        if (stages is RunStages.All or RunStages.Evaluation && config.Segmenter.Enabled)
        {
            var (metrics, predictions) = EvaluationStage.Run(ctx);
            return new(run, locator, segmenter, metrics, predictions, false);
        }
        EvaluationStage.WriteSummary(config, run, device.ToString());
        return new(run, locator, segmenter, null, [], false);
    }
}
