using System.Diagnostics;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>How one task went under the local executor.</summary>
/// <param name="Task">The task.</param>
/// <param name="ExitCode">The task process's exit code; null when it did not start (already done, or its dependency failed).</param>
/// <param name="Elapsed">Wall time of the process.</param>
/// <param name="Note">Why it did not start, or null.</param>
public sealed record LocalTaskResult(SweepTask Task, int? ExitCode, TimeSpan Elapsed, string? Note);

/// <summary>
/// Runs a sweep's task graph on this machine, the same graph the Slurm executor submits: the locator task, then the
/// segmenter tasks <see cref="Parallel"/> at a time once the locator succeeded (Slurm's <c>afterok</c>), then the
/// report whatever happened (<c>afterany</c>). Each task is a <c>vnet-atria sweep run</c> process with its output
/// appended to logs/&lt;task&gt;.out, exactly as a Slurm job runs it; finished tasks are skipped, unfinished ones
/// resume. Cancelling (Ctrl+C, SIGTERM) forwards one SIGTERM to every running task, which checkpoints and exits.
/// </summary>
public sealed class LocalSweepExecutor
{
    /// <summary>An executor for <paramref name="plan"/>.</summary>
    /// <param name="plan">The sweep.</param>
    /// <param name="cli">How to start vnet-atria (<see cref="SweepCli"/>).</param>
    /// <param name="parallel">Segmenter tasks at a time (at least 1).</param>
    public LocalSweepExecutor(SweepPlan plan, IReadOnlyList<string> cli, int parallel = 1)
    {
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        if (SweepCli.Problem(cli) is { } problem) throw new ArgumentException(problem, nameof(cli));
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        Cli = cli;
        Parallel = parallel;
    }

    /// <summary>The sweep.</summary>
    public SweepPlan Plan { get; }

    /// <summary>How tasks start vnet-atria.</summary>
    public IReadOnlyList<string> Cli { get; }

    /// <summary>Segmenter tasks at a time.</summary>
    public int Parallel { get; }

    /// <summary>One line per task start and end.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>The command line of each task, in graph order (for --dry-run).</summary>
    public IReadOnlyList<(SweepTask Task, IReadOnlyList<string> Command)> Commands() =>
        Plan.Tasks.Select(t => (t, (IReadOnlyList<string>)[.. Cli, .. SweepCli.RunTaskArguments(Plan, t)])).ToList();

    /// <summary>Runs the graph to its end (or until cancelled) and returns what each task did, in graph order.</summary>
    public IReadOnlyList<LocalTaskResult> Run(CancellationToken cancellation = default)
    {
        var results = new List<LocalTaskResult>();
        var locatorFailed = false;
        if (Plan.Locator is { } locator)
        {
            if (SweepTaskChecks.IsDone(Plan, locator)) results.Add(new(locator, null, TimeSpan.Zero, "already done"));
            else
            {
                var r = RunTasks([locator], 1, cancellation).Single();
                results.Add(r);
                locatorFailed = r.ExitCode != 0;
            }
        }
        var segmenters = new List<SweepTask>();
        foreach (var s in Plan.Segmenters)
        {
            if (SweepTaskChecks.IsDone(Plan, s)) results.Add(new(s, null, TimeSpan.Zero, "already done"));
            else if (locatorFailed) results.Add(new(s, null, TimeSpan.Zero, "not started: the locator task failed"));
            else if (cancellation.IsCancellationRequested) results.Add(new(s, null, TimeSpan.Zero, "not started: cancelled"));
            else segmenters.Add(s);
        }
        results.AddRange(RunTasks(segmenters, Parallel, cancellation));
        results.Add(cancellation.IsCancellationRequested
            ? new(Plan.Report, null, TimeSpan.Zero, "not started: cancelled")
            : RunTasks([Plan.Report], 1, cancellation).Single());
        return Plan.Tasks.Select(t => results.Single(r => r.Task == t)).ToList();
    }

    private List<LocalTaskResult> RunTasks(IReadOnlyList<SweepTask> tasks, int parallel, CancellationToken cancellation)
    {
        var results = new List<LocalTaskResult>();
        var running = new List<(SweepTask Task, Process Process, Stopwatch Clock)>();
        var queue = new Queue<SweepTask>(tasks);
        var forwarded = false;
        try
        {
            while (queue.Count > 0 || running.Count > 0)
            {
                while (queue.Count > 0 && running.Count < parallel && !cancellation.IsCancellationRequested)
                {
                    var task = queue.Dequeue();
                    var command = (IReadOnlyList<string>)[.. Cli, .. SweepCli.RunTaskArguments(Plan, task)];
                    var process = ChildProcesses.StartLogged(command, Plan.LogFile(task));
                    Log($"{task}: started (pid {process.Id}); output in {Plan.LogFile(task)}");
                    running.Add((task, process, Stopwatch.StartNew()));
                }
                if (cancellation.IsCancellationRequested && !forwarded)
                {
                    // Once: a second SIGTERM would end a task before its checkpoint.
                    foreach (var r in running) ChildProcesses.Signal(r.Process.Id, ChildProcesses.SigTerm);
                    forwarded = true;
                    while (queue.Count > 0) results.Add(new(queue.Dequeue(), null, TimeSpan.Zero, "not started: cancelled"));
                }
                foreach (var r in running.Where(r => r.Process.HasExited).ToList())
                {
                    r.Process.WaitForExit();
                    var code = r.Process.ExitCode;
                    Log($"{r.Task}: {(code == 0 ? "finished" : $"exited with {code}")} after {r.Clock.Elapsed.TotalSeconds:F0} s");
                    results.Add(new(r.Task, code, r.Clock.Elapsed, null));
                    r.Process.Dispose();
                    running.Remove(r);
                }
                if (running.Count > 0) Thread.Sleep(200);
            }
        }
        finally
        {
            // Only when this method is left by an exception: never leave a task running unattended.
            foreach (var r in running)
            {
                if (!forwarded) ChildProcesses.Signal(r.Process.Id, ChildProcesses.SigTerm);
                r.Process.WaitForExit();
                r.Process.Dispose();
            }
        }
        return results;
    }
}
