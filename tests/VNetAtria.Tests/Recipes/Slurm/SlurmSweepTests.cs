using System.Diagnostics;
using System.Globalization;
using VNetAtria.Experiments;
using VNetAtria.Recipes.Sweeps;
using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Recipes.Slurm;

/// <summary>
/// The cluster and one tiny sweep submitted to it with the CLI (own locator job, a throttled array of two segmenter
/// runs after it, the report job after them), waited for; the tests read what it left behind.
/// </summary>
public sealed class SlurmSweepFixture : IDisposable
{
    public SlurmSweepFixture()
    {
        Slurm = new SingleNodeSlurm();
        Root = TestPaths.NewTempDir("vnetatria-slurm-sweep");
        SweepFolder = Path.Combine(Root, "sweep");
        try { Slurm.Require(); }
        catch (Exception) { return; } // the tests call Require themselves and skip or fail with the reason
        var (basePath, grid) = TinySweep.Write(Root, "grid", ("dice", []), ("hybrid", ["segmenter.loss.kind=hybrid"]));
        var clock = Stopwatch.StartNew();
        Submit = CliRunner.Run("sweep", "submit", "--base", basePath, "--grid", grid, "--out", SweepFolder, "--executor", "slurm", "--throttle", "2");
        if (Submit.ExitCode != 0) return;
        Plan = SweepPlan.Load(SweepFolder);
        Submission = SlurmSubmission.TryRead(Plan);
        // As notebook 06 follows a Slurm sweep: each task as it ends.
        Ended = SweepWatch.AsTheyEnd(Plan, TimeSpan.FromSeconds(1), SlurmQueue.Jobs, TimeSpan.FromMinutes(8)).ToList();
        Finished = Ended.Count == Plan.Tasks.Count() && !Slurm.AnyQueued(Submission?.LocatorJob, Submission?.SegmentersJob, Submission?.ReportJob);
        Seconds = clock.Elapsed.TotalSeconds;
    }

    public SingleNodeSlurm Slurm { get; }
    public string Root { get; }
    public string SweepFolder { get; }
    internal CliResult? Submit { get; }
    public SweepPlan? Plan { get; }
    public SlurmSubmission? Submission { get; }
    public bool Finished { get; }
    public IReadOnlyList<SweepTaskStatus> Ended { get; } = [];
    public double Seconds { get; }

    /// <summary>Skips or fails as the cluster requires, then fails unless the sweep was submitted and ran to its end.</summary>
    public SweepPlan RequireFinished()
    {
        Slurm.Require();
        Assert.True(Submit is { ExitCode: 0 }, $"sweep submit failed: {Submit}");
        Assert.True(Finished, $"the sweep's jobs did not finish within 8 minutes\n{Slurm.Logs()}");
        return Plan!;
    }

    public void Dispose()
    {
        Slurm.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>
/// Sweeps on a real Slurm (a single-node cluster started for the tests; skipped with the reason where Slurm cannot run):
/// the job graph end to end, and a task requeued mid-epoch (scontrol requeue) and stopped by the time-limit signal
/// (SIGTERM to the batch shell) that still ends with the weights of an uninterrupted run.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class SlurmSweepTests(SlurmSweepFixture fixture) : IClassFixture<SlurmSweepFixture>
{
    [Fact]
    public void A_sweep_submitted_to_Slurm_runs_the_locator_job_then_the_array_then_the_report_and_tabulates_every_run()
    {
        var plan = fixture.RequireFinished();
        var submission = fixture.Submission!;
        Assert.NotNull(submission.LocatorJob);
        Assert.Equal([0, 1], submission.SegmenterIndices);
        Assert.Contains("#SBATCH --array=0-1%2", File.ReadAllText(Path.Combine(plan.Folder, "slurm", "segmenters.sbatch")), StringComparison.Ordinal);

        // Every task ran as its own job, in graph order: the array after the locator ended, the report after the array.
        Assert.Equal("locator", fixture.Ended[0].Task.Name);
        Assert.Equal("report", fixture.Ended[^1].Task.Name);
        Assert.All(fixture.Ended, e => Assert.Equal(SweepTaskCondition.Done, e.Condition));
        var states = plan.Tasks.ToDictionary(t => t.Name, t => SweepTaskState.TryRead(plan.StateFile(t)) ?? throw new Xunit.Sdk.XunitException($"{t}: no state file"));
        Assert.All(states.Values, s => Assert.Equal(SweepTaskPhase.Done, s.Phase));
        Assert.Equal(submission.LocatorJob, states["locator"].SlurmJob);
        Assert.Equal($"{submission.SegmentersJob}_0", states["dice"].SlurmJob);
        Assert.Equal($"{submission.SegmentersJob}_1", states["hybrid"].SlurmJob);
        Assert.Equal(submission.ReportJob, states["report"].SlurmJob);
        var locatorEnded = Time(states["locator"].Ended);
        foreach (var run in new[] { "dice", "hybrid" })
        {
            Assert.True(Time(states[run].Started) >= locatorEnded, $"{run} started before the locator job ended (afterok)");
            Assert.True(Time(states["report"].Started) >= Time(states[run].Ended), $"the report started before {run} ended (afterany)");
        }

        // The results table: one row per run, its Dice the mean of the run's own per-case metrics.
        foreach (var (row, run) in TinySweep.CheckResultsTable(plan, "dice", "hybrid"))
        {
            Assert.True(File.Exists(Path.Combine(plan.Folder, row.Run, "segmenter", "checkpoint-best.ckpt")));
            // One crop plan for the whole sweep, made once by the locator job.
            Assert.Equal(File.ReadAllText(Path.Combine(plan.Folder, "locator", "crop-plan.json")), File.ReadAllText(Path.Combine(plan.Folder, row.Run, "crop-plan.json")));
        }
        Assert.Equal(LossKind.Hybrid, RunResult.Load(Path.Combine(plan.Folder, "hybrid")).Config.Segmenter.Loss.Kind);
        var markdown = File.ReadAllText(Path.Combine(plan.Folder, "results.md"));
        Assert.Contains("| original 3 | VNet |", markdown, StringComparison.Ordinal); // the published row beside ours
        Assert.Contains("<td>hybrid</td>", File.ReadAllText(Path.Combine(plan.Folder, "report.html")), StringComparison.Ordinal);
        // Each job's output went to the sweep's logs/.
        Assert.Contains(SweepStatus.Tail(plan.LogFile(plan.Segmenters[1]), 100), l => l.Contains("hybrid (segmenter 1): done", StringComparison.Ordinal));

        var status = CliRunner.Run("sweep", "status", plan.Folder, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(status.Out);
        Assert.All(json.RootElement.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("done", t.GetProperty("state").GetString()));

        TestContext.Current.SendDiagnosticMessage(Overheads(plan, submission));
    }

    [Fact]
    public void A_segmenter_task_requeued_mid_epoch_and_stopped_by_the_time_limit_signal_ends_with_the_weights_of_an_uninterrupted_run()
    {
        var first = fixture.RequireFinished();
        var root = Path.Combine(fixture.Root, "requeue");
        // Two identical runs (only the names differ): "a" is interrupted twice, "b" runs through.
        var (basePath, grid) = TinySweep.Write(root, "grid", ("a", ["segmenter.epochs=3"]), ("b", ["segmenter.epochs=3"]));
        var folder = Path.Combine(root, "sweep");
        var submit = CliRunner.Run("sweep", "submit", "--base", basePath, "--grid", grid, "--out", folder, "--locator", first.Locator!.RunFolder!,
            "--executor", "slurm", "--throttle", "2");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var plan = SweepPlan.Load(folder);
        var submission = SlurmSubmission.TryRead(plan)!;
        Assert.Null(submission.LocatorJob); // the reused locator is done: no locator job
        var a = plan.Segmenters[0];
        var job = $"{submission.SegmentersJob}_0";

        // 1. Requeued mid-epoch 2 (what an administrator or a preemption does), released at once. Triggered by the end of
        // epoch 1, so the whole of epoch 2 is left for the signal to arrive in: the task stops after the batch it is in.
        Interrupt(plan, a, "Epoch 1/3:", () =>
        {
            // Meanwhile status has it running in its array task, from the scheduler, with its progress from the run folder.
            var running = SweepStatus.Of(plan, a, SlurmQueue.Jobs(plan).GetValueOrDefault("a"));
            Assert.Equal((SweepTaskCondition.Running, 1, job), (running.Condition, running.Epoch, running.Scheduler?.JobId));
            return fixture.Slurm.Client("scontrol", "requeue", job);
        });
        // 2. The time-limit warning (--signal=B:TERM goes to the batch shell only) in epoch 3: the task checkpoints and requeues itself.
        Interrupt(plan, a, "Epoch 2/3:", () => fixture.Slurm.Client("scancel", "--batch", "--signal=TERM", job));

        // Done means both runs finished in their folders and Slurm holds none of the sweep's jobs (the report has run).
        Assert.True(TinySweep.WaitFor(() => SweepTaskChecks.IsDone(plan, a) && SweepTaskChecks.IsDone(plan, plan.Segmenters[1])
                && !fixture.Slurm.AnyQueued(submission.SegmentersJob, submission.ReportJob), TimeSpan.FromMinutes(8), TimeSpan.FromSeconds(1)),
            $"the sweep did not finish\n{string.Join('\n', SweepStatus.Tail(plan.LogFile(a), 40))}\n" +
            $"squeue: {fixture.Slurm.Client("squeue", "-h", "-o", "%i %T %r").Output}\n{fixture.Slurm.Logs()}");
        var log = SweepStatus.Tail(plan.LogFile(a), 200);
        Assert.True(SweepTaskChecks.IsDone(plan, a) && SweepTaskChecks.IsDone(plan, plan.Segmenters[1]), string.Join('\n', log));
        // Both interruptions landed inside an epoch and were resumed there (three attempts of the same array task).
        Assert.Contains(log, l => l.Contains("Cancelled after batch", StringComparison.Ordinal) && l.Contains("of epoch 2", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("Cancelled after batch", StringComparison.Ordinal) && l.Contains("of epoch 3", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("asking Slurm to requeue job", StringComparison.Ordinal));
        Assert.Equal(3, SweepTaskState.TryRead(plan.StateFile(a))!.Attempt);
        Assert.Contains(log, l => l.Contains("restart 2", StringComparison.Ordinal));

        var runA = a.RunFolder!;
        var runB = plan.Segmenters[1].RunFolder!;
        Assert.Equal(TinySweep.Weights(runB), TinySweep.Weights(runA));
        Assert.Equal(TinySweep.Weights(runB, "checkpoint-best.ckpt"), TinySweep.Weights(runA, "checkpoint-best.ckpt"));
        Assert.Equal(TinySweep.History(runB), TinySweep.History(runA));
        Assert.Equal(File.ReadAllText(Path.Combine(runB, "metrics.csv")), File.ReadAllText(Path.Combine(runA, "metrics.csv")));
    }

    /// <summary>Waits for a log line, interrupts the task, waits until Slurm holds it pending again and releases it at once.</summary>
    private void Interrupt(SweepPlan plan, SweepTask task, string when, Func<(int Code, string Output)> interrupt)
    {
        Assert.True(TinySweep.WaitFor(() => TinySweep.LogShows(plan, task, when), TimeSpan.FromMinutes(5)),
            $"{task} never logged '{when}':\n{string.Join('\n', SweepStatus.Tail(plan.LogFile(task), 40))}");
        var (code, output) = interrupt();
        Assert.True(code == 0, output);
        var job = $"{SlurmSubmission.TryRead(plan)!.SegmentersJob}_{task.Index}";
        // A requeued job waits PENDING (reason BeginTime) for about two minutes; StartTime=now releases it once it is pending.
        Assert.True(TinySweep.WaitFor(() => fixture.Slurm.JobState(job) == "PENDING", TimeSpan.FromMinutes(2)),
            $"{job} did not return to the queue (state {fixture.Slurm.JobState(job)}):\n{string.Join('\n', SweepStatus.Tail(plan.LogFile(task), 40))}");
        Assert.Equal(SweepTaskCondition.Queued, SweepStatus.Of(plan, task, SlurmQueue.Jobs(plan).GetValueOrDefault(task.Name)).Condition);
        // Not in the same second as the kill: slurmd compares credentials in whole seconds and refuses to launch a job
        // whose new credential is not newer than its revocation ("Job credential revoked", exit 1, never requeued).
        // Slurm's own two-minute requeue delay avoids this; the test shortens the delay, so it waits these seconds itself.
        Thread.Sleep(TimeSpan.FromSeconds(3));
        var (released, said) = fixture.Slurm.Client("scontrol", "update", $"JobId={job}", "StartTime=now");
        Assert.True(released == 0, said);
    }

    private static DateTime Time(string? iso) => SweepTaskState.ParseTime(iso) ?? throw new Xunit.Sdk.XunitException($"not a time: {iso}");

    /// <summary>Submit-to-start and start-to-first-batch of every task (for the report; not asserted: timings are not tests).</summary>
    private static string Overheads(SweepPlan plan, SlurmSubmission submission)
    {
        var submitted = Time(submission.Submitted);
        var lines = new List<string> { $"Slurm sweep overheads (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}):" };
        DateTime? previousEnd = null;
        foreach (var task in plan.Tasks)
        {
            var state = SweepTaskState.TryRead(plan.StateFile(task))!;
            var started = Time(state.Started);
            var ready = task.Kind switch { SweepTaskKind.Locator => submitted, _ => previousEnd ?? submitted };
            var firstBatch = FirstBatch(plan, task);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {task}: eligible->start {(started - ready).TotalSeconds:F1} s{(firstBatch is { } f ? $", start->first batch {(f - started).TotalSeconds:F1} s" : "")}, total {(Time(state.Ended) - started).TotalSeconds:F1} s"));
            if (task.Kind == SweepTaskKind.Locator) previousEnd = Time(state.Ended);
            if (task.Kind == SweepTaskKind.Segmenter) previousEnd = plan.Segmenters.Max(s => Time(SweepTaskState.TryRead(plan.StateFile(s))!.Ended));
        }
        return string.Join('\n', lines);
    }

    /// <summary>When the task's log shows its first training batch (the log's HH:mm:ss.fff on the state file's day).</summary>
    internal static DateTime? FirstBatch(SweepPlan plan, SweepTask task)
    {
        var line = SweepStatus.Tail(plan.LogFile(task), 400).FirstOrDefault(l => l.Contains("epoch 1/", StringComparison.Ordinal) && l.Contains("batch 1/", StringComparison.Ordinal));
        var state = SweepTaskState.TryRead(plan.StateFile(task));
        if (line is null || state is null || !TimeSpan.TryParse(line.Split(' ')[0], CultureInfo.InvariantCulture, out var clock)) return null;
        return Time(state.Started).Date + clock;
    }
}
