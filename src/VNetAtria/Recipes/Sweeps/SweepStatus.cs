using System.Diagnostics;
using System.Globalization;
using VNetAtria.Experiments;
using VNetAtria.Results;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>A task's state as <c>sweep status</c> shows it.</summary>
public enum SweepTaskCondition
{
    /// <summary>Not started yet (or waiting in the scheduler's queue: dependency, throttle, requeue).</summary>
    Queued,
    /// <summary>Running now.</summary>
    Running,
    /// <summary>Finished with results.</summary>
    Done,
    /// <summary>Stopped on a signal with a checkpoint; submitting the sweep again resumes it.</summary>
    Stopped,
    /// <summary>Ended without results; <see cref="SweepTaskStatus.LastLines"/> shows why.</summary>
    Failed,
}

/// <summary>What a scheduler says about one task's job (from <c>scontrol show job</c>).</summary>
/// <param name="JobId">"123" or "123_4" for an array task.</param>
/// <param name="State">Slurm's job state (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...).</param>
/// <param name="Reason">Why it waits or ended (Dependency, JobArrayTaskLimit, BeginTime, NonZeroExitCode, ...); "None" when none.</param>
/// <param name="Node">The node it runs or ran on, or null.</param>
/// <param name="ExitCode">"exit:signal" as scontrol reports it, e.g. "1:0".</param>
public sealed record SchedulerJobState(string JobId, string State, string Reason, string? Node, string? ExitCode)
{
    /// <summary>True while the job waits to run.</summary>
    public bool Pending => State is "PENDING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "SUSPENDED" or "RESV_DEL_HOLD";

    /// <summary>True while the job runs (or is being set up or torn down).</summary>
    public bool Active => State is "RUNNING" or "CONFIGURING" or "COMPLETING" or "STAGE_OUT" or "SIGNALING" or "RESIZING";
}

/// <summary>One task's status.</summary>
/// <param name="Task">The task.</param>
/// <param name="Condition">Queued, running, done, stopped or failed.</param>
/// <param name="Detail">One line: progress (epoch and best validation Dice), results, or why it waits or failed.</param>
/// <param name="LastLines">The last lines of the task's log (for failed and stopped tasks; empty otherwise).</param>
/// <param name="Epoch">Epochs completed by the task's stage, or null.</param>
/// <param name="Epochs">Epochs planned, or null.</param>
/// <param name="BestDice">Best validation Dice so far, or null.</param>
/// <param name="Scheduler">What the scheduler says, or null (local executor, or the scheduler has forgotten the job).</param>
/// <param name="State">What the task last recorded itself, or null when it never started.</param>
public sealed record SweepTaskStatus(
    SweepTask Task, SweepTaskCondition Condition, string Detail, IReadOnlyList<string> LastLines,
    int? Epoch, int? Epochs, double? BestDice, SchedulerJobState? Scheduler, SweepTaskState? State);

/// <summary>
/// The status of every task of a sweep, from the run folders themselves (results, histories, the tasks' own state
/// files and logs) and, when given, from the scheduler: a finished run is done whatever the scheduler says; otherwise a
/// pending or running job decides queued or running; a job that ended without results is failed, with the last lines of
/// its log.
/// </summary>
public static class SweepStatus
{
    /// <summary>How many log lines a failed or stopped task shows.</summary>
    public const int LastLineCount = 12;

    /// <summary>Every task's status, in dependency order.</summary>
    /// <param name="plan">The sweep.</param>
    /// <param name="scheduler">The scheduler's view by task name (<see cref="SlurmQueue.Jobs"/>), or null.</param>
    public static IReadOnlyList<SweepTaskStatus> Read(SweepPlan plan, IReadOnlyDictionary<string, SchedulerJobState>? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Tasks.Select(t => Of(plan, t, scheduler?.GetValueOrDefault(t.Name))).ToList();
    }

    /// <summary>One task's status (see the class summary).</summary>
    public static SweepTaskStatus Of(SweepPlan plan, SweepTask task, SchedulerJobState? job)
    {
        var state = SweepTaskState.TryRead(plan.StateFile(task));
        var (epoch, epochs, best) = ProgressOf(plan, task);
        SweepTaskStatus Make(SweepTaskCondition c, string detail, bool withLines = false) =>
            new(task, c, detail, withLines ? Tail(plan.LogFile(task), LastLineCount) : [], epoch, epochs, best, job, state);

        if (SweepTaskChecks.IsDone(plan, task)) return Make(SweepTaskCondition.Done, DoneDetail(plan, task, epoch, best));
        if (job is not null)
        {
            if (job.Pending)
                return Make(SweepTaskCondition.Queued, $"job {job.JobId} {job.State}{(job.Reason is "None" or "" ? "" : $" ({job.Reason})")}" +
                                                       (state is not null ? $"; last attempt: {state.Phase.ToString().ToLowerInvariant()}" : ""));
            if (job.Active)
                return Make(SweepTaskCondition.Running, RunningDetail(task, epoch, epochs, best) + $" (job {job.JobId}{(job.Node is { } n ? $" on {n}" : "")})");
            var ended = $"job {job.JobId} {job.State}, exit {job.ExitCode ?? "?"}" + (state?.Message is { } m ? $": {m}" : "");
            return state?.Phase == SweepTaskPhase.Stopped
                ? Make(SweepTaskCondition.Stopped, ended, withLines: true)
                : Make(SweepTaskCondition.Failed, ended, withLines: true);
        }
        if (state is null) return Make(SweepTaskCondition.Queued, "not started");
        switch (state.Phase)
        {
            case SweepTaskPhase.Running when state.Host == Environment.MachineName && state.SlurmJob is null && !Alive(state.Pid):
                return Make(SweepTaskCondition.Failed, $"its process {state.Pid} ended without recording how (killed?); running the sweep again resumes it", withLines: true);
            case SweepTaskPhase.Running:
                return Make(SweepTaskCondition.Running, RunningDetail(task, epoch, epochs, best) + $" (pid {state.Pid} on {state.Host}{(state.SlurmJob is { } j ? $", job {j}" : "")})");
            case SweepTaskPhase.Stopped:
                return Make(SweepTaskCondition.Stopped, state.Message ?? "stopped", withLines: true);
            case SweepTaskPhase.Failed:
                return Make(SweepTaskCondition.Failed, state.Message ?? "failed", withLines: true);
            default:
                // Recorded done but the results are older than the planned config (the sweep was planned again): it runs again.
                return Make(SweepTaskCondition.Queued, "planned again since it last finished");
        }
    }

    /// <summary>The last <paramref name="count"/> non-empty lines of a text file (empty when it does not exist).</summary>
    public static IReadOnlyList<string> Tail(string path, int count)
    {
        if (!File.Exists(path)) return [];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            const int window = 64 * 1024;
            if (stream.Length > window) stream.Seek(-window, SeekOrigin.End);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
            return lines.Skip(Math.Max(0, lines.Count - count)).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static (int? Epoch, int? Epochs, double? Best) ProgressOf(SweepPlan plan, SweepTask task)
    {
        if (task.Kind == SweepTaskKind.Report || task.RunFolder is null) return (null, null, null);
        var stage = task.Kind == SweepTaskKind.Locator ? ExperimentStage.Locator : ExperimentStage.Segmenter;
        var progress = SweepTaskChecks.Progress(new RunFolder(task.RunFolder).StageFolder(stage));
        int? epochs = null;
        try { epochs = plan.LoadConfig(task)?.Stage(stage).Epochs; }
        catch (Exception e) when (e is ExperimentConfigException or IOException) { }
        return (progress?.Epochs, epochs, progress is { } p && !double.IsNaN(p.BestDice) ? p.BestDice : null);
    }

    private static string RunningDetail(SweepTask task, int? epoch, int? epochs, double? best)
    {
        if (task.Kind == SweepTaskKind.Report) return "writing the report";
        var stage = task.Kind == SweepTaskKind.Locator ? "locator" : "segmenter";
        if (epoch is null) return $"{stage}: preparing or in its first epoch";
        var text = $"{stage}: epoch {epoch}/{epochs?.ToString(CultureInfo.InvariantCulture) ?? "?"} done, best validation Dice {Format(best)}";
        return epoch == epochs && task.Kind == SweepTaskKind.Segmenter ? text + "; predicting and evaluating" : text;
    }

    private static string DoneDetail(SweepPlan plan, SweepTask task, int? epoch, double? best)
    {
        switch (task.Kind)
        {
            case SweepTaskKind.Locator:
                return plan.TrainsLocator ? $"{epoch} epochs, best validation Dice {Format(best)}; crops planned" : $"reused: {task.RunFolder}";
            case SweepTaskKind.Segmenter:
                var metrics = new RunFolder(task.RunFolder!).MetricsCsv;
                try
                {
                    var cases = MetricsCsvReader.Read(metrics);
                    return $"{epoch} epochs; mean validation Dice {Format(cases.Average(c => c.Dice))} over {cases.Count} cases";
                }
                catch (Exception e) when (e is FormatException or IOException)
                {
                    return $"{epoch} epochs; {metrics} unreadable ({e.Message})";
                }
            default:
                return Path.Combine(plan.Folder, SweepReport.MarkdownFileName);
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string Format(double? v) => v is { } d ? d.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
