using System.Diagnostics;
using System.Globalization;
using VNetAtria.Experiments;
using VNetAtria.Pipeline;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>How one run of a task ended.</summary>
/// <param name="Task">The task.</param>
/// <param name="Phase">Done, stopped (on a signal, resumable) or failed.</param>
/// <param name="Skipped">True when it was already done and nothing ran.</param>
/// <param name="Message">One line on what happened.</param>
/// <param name="Error">The exception of a failed task, else null.</param>
public sealed record SweepTaskOutcome(SweepTask Task, SweepTaskPhase Phase, bool Skipped, string Message, Exception? Error = null);

/// <summary>
/// Runs one task of a sweep in this process, with resume semantics: a finished task is skipped; an unfinished run
/// continues from its checkpoint-last (so a task stopped by SIGTERM, preempted or requeued by Slurm, or killed, resumes
/// exactly where its last checkpoint left it); a run whose planned config changed starts again. This is what
/// <c>vnet-atria sweep run</c> does for every executor, and what notebook 06 calls directly.
/// <list type="bullet">
/// <item>Locator: <c>train --stage locator</c> (the locator, then the crop plan of every case) into the locator run.</item>
/// <item>Segmenter: copies the locator run's crop plan when the run plans crops the same way (else plans its own with
/// the shared locator), trains the segmenter, then predicts and evaluates the validation cases.</item>
/// <item>Report: <see cref="WriteReport"/> (results.md and results.csv; the CLI adds the HTML report).</item>
/// </list>
/// Each run records state/&lt;task&gt;.json when it starts and ends (<see cref="SweepTaskState"/>).
/// </summary>
public sealed class SweepTaskRunner(SweepPlan plan)
{
    /// <summary>The sweep.</summary>
    public SweepPlan Plan { get; } = plan ?? throw new ArgumentNullException(nameof(plan));

    /// <summary>Log lines (the CLI prints them; the runs' own log.txt gets them too).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>The report step; default: <see cref="SweepReport.Write"/> (Markdown and CSV).</summary>
    public Func<SweepPlan, SweepReportResult> WriteReport { get; init; } = p => SweepReport.Write(p);

    /// <summary>
    /// A training progress line ("segmenter: epoch 3/8, batch 1/6, loss ...") at the first batch of every epoch and at
    /// least this often, so a task's log shows where it is between epochs.
    /// </summary>
    public TimeSpan ProgressEvery { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="task"/> (see the class summary); never throws for the task's own failures.</summary>
    /// <param name="task">A task of <see cref="Plan"/>.</param>
    /// <param name="cancellation">Stops training after the current batch with a checkpoint (Ctrl+C, SIGTERM).</param>
    public SweepTaskOutcome Run(SweepTask task, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Kind != SweepTaskKind.Report && SweepTaskChecks.IsDone(Plan, task))
        {
            Log($"{task}: already done ({task.RunFolder}); skipped");
            return new SweepTaskOutcome(task, SweepTaskPhase.Done, Skipped: true, "already done");
        }
        var stateFile = Plan.StateFile(task);
        var previous = SweepTaskState.TryRead(stateFile);
        var state = new SweepTaskState
        {
            Task = task.Name,
            Phase = SweepTaskPhase.Running,
            Attempt = (previous?.Attempt ?? 0) + 1,
            Host = Environment.MachineName,
            Pid = Environment.ProcessId,
            SlurmJob = SlurmJobOfThisProcess(),
            Started = SweepTaskState.Now(),
        };
        state.Write(stateFile);
        Log($"{task}: attempt {state.Attempt} on {state.Host}{(state.SlurmJob is { } job ? $", Slurm job {job}" : "")}" +
            $"{(Environment.GetEnvironmentVariable("SLURM_RESTART_COUNT") is { Length: > 0 } restarts ? $", restart {restarts}" : "")}");

        SweepTaskOutcome outcome;
        try
        {
            outcome = task.Kind switch
            {
                SweepTaskKind.Locator => RunLocator(task, cancellation),
                SweepTaskKind.Segmenter => RunSegmenter(task, cancellation),
                _ => RunReport(task),
            };
        }
        catch (Exception e)
        {
            outcome = new SweepTaskOutcome(task, SweepTaskPhase.Failed, false, e.Message.ReplaceLineEndings(" "), e);
        }
        (state with { Phase = outcome.Phase, Ended = SweepTaskState.Now(), Message = outcome.Message }).Write(stateFile);
        Log($"{task}: {outcome.Phase.ToString().ToLowerInvariant()}: {outcome.Message}");
        return outcome;
    }

    private SweepTaskOutcome RunLocator(SweepTask task, CancellationToken cancellation)
    {
        if (!Plan.TrainsLocator)
            throw new RunFolderException($"the reused locator run {task.RunFolder} holds no trained locator (locator/{TrainerFolder.BestCheckpointName}); train it or plan the sweep with a locator config.");
        var config = Plan.LoadConfig(task)!;
        var run = new RunFolder(task.RunFolder!);
        var resume = Resumable(task, run, ExperimentStage.Locator);
        var result = ExperimentRunner.Run(config, run.Root, RunStages.Locator, resume, Log, callbacks: Progress("locator"), cancellation: cancellation);
        if (result.Cancelled) return Stopped(task, run, ExperimentStage.Locator);
        return new SweepTaskOutcome(task, SweepTaskPhase.Done, false,
            $"locator trained{(result.Locator is { } l ? $" ({l.CompletedEpochs} epochs, best validation Dice {F(l.BestValidationDice)})" : "")} and crops planned");
    }

    private SweepTaskOutcome RunSegmenter(SweepTask task, CancellationToken cancellation)
    {
        var config = Plan.LoadConfig(task)!;
        var run = new RunFolder(task.RunFolder!);
        var resume = Resumable(task, run, ExperimentStage.Segmenter);
        if (config.Locator.Enabled && !(resume && File.Exists(run.CropPlan)))
            PrepareCropPlan(task, config, run);
        var clock = Stopwatch.StartNew();
        var trained = ExperimentRunner.Run(config, run.Root, RunStages.Segmenter, resume, Log, callbacks: Progress("segmenter"), cancellation: cancellation);
        if (trained.Cancelled) return Stopped(task, run, ExperimentStage.Segmenter);
        var evaluated = ExperimentRunner.Run(config, run.Root, RunStages.Evaluation, log: Log);
        var dice = evaluated.Metrics is { Count: > 0 } m ? m.Average(c => c.Dice) : double.NaN;
        return new SweepTaskOutcome(task, SweepTaskPhase.Done, false,
            $"{trained.Segmenter?.CompletedEpochs} epochs, mean validation Dice {F(dice)} over {evaluated.Metrics?.Count ?? 0} cases ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    private SweepTaskOutcome RunReport(SweepTask task)
    {
        var report = WriteReport(Plan);
        return new SweepTaskOutcome(task, SweepTaskPhase.Done, false,
            $"{report.Runs.Count} run(s) in {report.MarkdownPath}" + (report.Unfinished.Count > 0 ? $"; not finished: {string.Join(", ", report.Unfinished)}" : ""));
    }

    /// <summary>
    /// The run's crop plan: the locator run's, copied, when this run plans crops exactly as the locator run did (one plan
    /// for the whole sweep, made once); otherwise planned now with the shared locator and this run's settings.
    /// </summary>
    private void PrepareCropPlan(SweepTask task, ExperimentConfig config, RunFolder run)
    {
        var locatorTask = Plan.Locator ?? throw new RunFolderException($"{task}: the run uses a locator but the sweep has none; plan the sweep again.");
        var locator = new RunFolder(locatorTask.RunFolder!);
        var locatorConfig = File.Exists(locator.Config) ? ExperimentConfigLoader.Load(locator.Config) : null;
        var why = !File.Exists(locator.CropPlan) ? $"the locator run has no {Path.GetFileName(locator.CropPlan)}"
            : locatorConfig is null ? "the locator run has no config.json"
            : SweepTaskChecks.CropPlanDifference(locatorConfig, locator.Root, config);
        Directory.CreateDirectory(run.Root);
        if (why is null)
        {
            File.Copy(locator.CropPlan, run.CropPlan, overwrite: true);
            if (File.Exists(locator.CropRecall)) File.Copy(locator.CropRecall, run.CropRecall, overwrite: true);
            Log($"{task}: crop plan of the shared locator ({locator.CropPlan})");
            return;
        }
        Log($"{task}: planning its own crops with the shared locator: {why}");
        ExperimentRunner.Run(config, run.Root, RunStages.Locator, log: Log);
    }

    /// <summary>Resume when the run folder holds a checkpoint-last of this same config; a changed config starts again.</summary>
    private bool Resumable(SweepTask task, RunFolder run, ExperimentStage stage)
    {
        if (!File.Exists(run.LastCheckpoint(stage))) return false;
        if (SweepTaskChecks.ConfigMatches(Plan, task))
        {
            Log($"{task}: resuming from {run.LastCheckpoint(stage)}");
            return true;
        }
        Log($"{task}: its planned config differs from {run.Config}; training from scratch");
        return false;
    }

    private static SweepTaskOutcome Stopped(SweepTask task, RunFolder run, ExperimentStage stage)
    {
        var progress = SweepTaskChecks.Progress(run.StageFolder(stage));
        return new SweepTaskOutcome(task, SweepTaskPhase.Stopped, false,
            $"stopped on request after {progress?.Epochs ?? 0} complete epoch(s); checkpoint-last saved, running the task again resumes it");
    }

    private TrainingCallbacks Progress(string stage)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? last = null;
        // Log stays null: the runner then sends the trainer's lines to log.txt and to Log.
        return new TrainingCallbacks
        {
            Batch = p =>
            {
                if (p.Batch != 1 && last is { } l && clock.Elapsed - l < ProgressEvery) return;
                last = clock.Elapsed;
                Log(string.Create(CultureInfo.InvariantCulture,
                    $"{stage}: epoch {p.Epoch + 1}/{p.MaxEpochs}, batch {p.Batch}/{p.BatchesPerEpoch}, loss {p.Loss:G4}"));
            },
        };
    }

    /// <summary>This process's Slurm job as scontrol names it ("123", or "123_4" for an array task), or null outside Slurm.</summary>
    public static string? SlurmJobOfThisProcess()
    {
        var job = Environment.GetEnvironmentVariable("SLURM_JOB_ID");
        if (string.IsNullOrEmpty(job)) return null;
        var array = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID");
        var index = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID");
        return !string.IsNullOrEmpty(array) && !string.IsNullOrEmpty(index) ? $"{array}_{index}" : job;
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
