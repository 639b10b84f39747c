using System.Globalization;
using VNetAtria.Imaging.Formats;
using VNetAtria.Results;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// Submits a sweep's task graph to Slurm (<see cref="SbatchScripts"/>): the locator job if the locator is not done,
/// the job array of the segmenter runs that are not done (after the locator succeeded), then the report job (after the
/// array, however it ended). Finished runs are not submitted again; unfinished ones resume from their checkpoints. The
/// scripts are written to slurm/ and the job ids to slurm/submission.json.
/// </summary>
public static class SlurmExecutor
{
    /// <summary>The scripts <see cref="Submit"/> would submit now, with the tasks it would leave out because they are done.</summary>
    public static (IReadOnlyList<SbatchScript> Scripts, IReadOnlyList<SweepTask> Done) Scripts(SweepPlan plan, SlurmOptions options, IReadOnlyList<string> cli)
    {
        var done = plan.Tasks.Where(t => t.Kind != SweepTaskKind.Report && SweepTaskChecks.IsDone(plan, t)).ToList();
        var locator = plan.Locator is { } l && !done.Contains(l);
        var indices = plan.Segmenters.Where(s => !done.Contains(s)).Select(s => s.Index).ToList();
        return (SbatchScripts.Build(plan, options, locator, indices, cli), done);
    }

    /// <summary>Writes the scripts and submits them with sbatch; returns the submission (also written to slurm/submission.json).</summary>
    /// <param name="plan">The sweep.</param>
    /// <param name="options">Resources and settings.</param>
    /// <param name="cli">How the nodes start vnet-atria (checked here too).</param>
    /// <param name="log">One line per submitted job.</param>
    /// <exception cref="RunFolderException">Jobs of this sweep are still queued or running (submitting again would run tasks twice).</exception>
    /// <exception cref="FileNotFoundException">sbatch is not installed here.</exception>
    /// <exception cref="IOException">sbatch refused a script (its message is included).</exception>
    public static SlurmSubmission Submit(SweepPlan plan, SlurmOptions options, IReadOnlyList<string> cli, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (SweepCli.Problem(cli) is { } problem) throw new ArgumentException(problem, nameof(cli));
        var active = SlurmQueue.Jobs(plan).Where(j => j.Value.Pending || j.Value.Active).ToList();
        if (active.Count > 0)
            throw new RunFolderException(
                $"sweep {plan.Folder} still has jobs in the queue ({string.Join(", ", active.Select(a => $"{a.Key}: {a.Value.JobId} {a.Value.State}"))}); " +
                "wait for them (`vnet-atria sweep status`) or cancel them with scancel before submitting again.");
        var (scripts, done) = Scripts(plan, options, cli);
        foreach (var task in done) log?.Invoke($"{task}: already done; not submitted");
        Directory.CreateDirectory(Path.Combine(plan.Folder, SweepNames.LogsFolder));
        foreach (var script in scripts) AtomicFile.WriteAllText(script.Path, script.Text);

        string? locatorJob = null, arrayJob = null, reportJob = null;
        foreach (var script in scripts)
        {
            var dependency = script.Dependency switch
            {
                SbatchDependency.AfterLocatorOk => locatorJob,
                SbatchDependency.AfterSegmentersAny => arrayJob,
                _ => null,
            };
            var command = script.SubmitCommand(dependency);
            var (code, output, error) = ChildProcesses.Run(command[0], command.Skip(1), SlurmQueue.CommandTimeout);
            if (code != 0)
                throw new IOException($"{string.Join(' ', command)} failed (exit {code}): {error.Trim()}" +
                                      ((locatorJob ?? arrayJob) is { } submitted ? $"; already submitted: {submitted} (scancel it before submitting again)" : ""));
            // --parsable prints "jobid" or "jobid;cluster".
            var id = output.Trim().Split(';')[0];
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new IOException($"{string.Join(' ', command)} printed '{output.Trim()}', not a job id.");
            switch (script.Task)
            {
                case "locator": locatorJob = id; break;
                case "segmenters": arrayJob = id; break;
                default: reportJob = id; break;
            }
            log?.Invoke($"{script.Task}: job {id}{(dependency is null ? "" : $" (after {dependency})")}: {script.Path}");
        }
        var submission = new SlurmSubmission
        {
            Submitted = SweepTaskState.Now(),
            Options = options,
            LocatorJob = locatorJob,
            SegmentersJob = arrayJob,
            SegmenterIndices = arrayJob is null ? [] : plan.Segmenters.Where(s => !done.Contains(s)).Select(s => s.Index).ToList(),
            ReportJob = reportJob,
        };
        submission.Write(plan);
        return submission;
    }

    /// <summary>
    /// After a task stopped on SIGTERM inside a Slurm job: asks Slurm to requeue the job when it is still RUNNING, i.e.
    /// the signal was the time-limit warning (<c>--signal=B:TERM@N</c>) and not a cancel, requeue or preemption (those
    /// change the job's state before they signal). The task then continues from its checkpoint in a new allocation.
    /// </summary>
    /// <param name="log">Told before the requeue is asked for (Slurm then signals the job again, which may end this process).</param>
    /// <returns>A line saying what happened, or null outside Slurm.</returns>
    public static string? RequeueIfStillRunning(Action<string>? log = null)
    {
        var job = SweepTaskRunner.SlurmJobOfThisProcess();
        if (job is null) return null;
        try
        {
            var state = SlurmQueue.Show(job).FirstOrDefault(s => s.JobId == job || !job.Contains('_'));
            if (state is null || state.State != "RUNNING")
                return $"Slurm job {job} is {state?.State ?? "unknown"}: Slurm stopped it (cancel, requeue or preemption) and decides what follows";
            log?.Invoke($"Slurm job {job} is still running, so the signal was the time-limit warning: asking Slurm to requeue job {job}; it continues from checkpoint-last");
            var (code, _, error) = ChildProcesses.Run("scontrol", ["requeue", job], SlurmQueue.CommandTimeout);
            return code == 0
                ? $"requeued Slurm job {job}"
                : $"could not requeue Slurm job {job} (exit {code}: {error.Trim()}); submit the sweep again to continue it";
        }
        catch (IOException e)
        {
            return $"could not ask Slurm about job {job} ({e.Message}); submit the sweep again to continue it";
        }
    }
}
