namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// Follows a sweep that runs elsewhere (Slurm jobs, or <c>vnet-atria sweep submit</c> in another terminal) and yields
/// each task as it ends, so a notebook can read results as runs finish. A task has ended when it is done, or failed or
/// stopped with no job of it left in the scheduler's queue.
/// </summary>
public static class SweepWatch
{
    /// <summary>Each task's status once it has ended, in the order they end; returns when every task has ended.</summary>
    /// <param name="plan">The sweep.</param>
    /// <param name="every">How often to look.</param>
    /// <param name="scheduler">The scheduler's view (e.g. <see cref="SlurmQueue.Jobs"/>), asked each time; null: the run folders alone.</param>
    /// <param name="timeout">Give up after this long (null: never); the enumeration then ends early.</param>
    /// <param name="cancellation">Stops watching.</param>
    public static IEnumerable<SweepTaskStatus> AsTheyEnd(SweepPlan plan, TimeSpan every,
        Func<SweepPlan, IReadOnlyDictionary<string, SchedulerJobState>>? scheduler = null, TimeSpan? timeout = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ended = new HashSet<string>(StringComparer.Ordinal);
        var deadline = timeout is { } t ? DateTime.UtcNow + t : DateTime.MaxValue;
        var tasks = plan.Tasks.ToList();
        while (ended.Count < tasks.Count && DateTime.UtcNow < deadline && !cancellation.IsCancellationRequested)
        {
            var jobs = scheduler?.Invoke(plan);
            foreach (var status in SweepStatus.Read(plan, jobs))
            {
                if (ended.Contains(status.Task.Name) || !HasEnded(status)) continue;
                ended.Add(status.Task.Name);
                yield return status;
            }
            if (ended.Count < tasks.Count) cancellation.WaitHandle.WaitOne(every);
        }
    }

    /// <summary>Whether a task will not change any more without someone submitting the sweep again.</summary>
    public static bool HasEnded(SweepTaskStatus status) => status.Condition switch
    {
        SweepTaskCondition.Done => status.Task.Kind != SweepTaskKind.Report || status.Scheduler is not { } j || !(j.Pending || j.Active),
        SweepTaskCondition.Failed or SweepTaskCondition.Stopped => status.Scheduler is not { } job || !(job.Pending || job.Active),
        _ => false,
    };
}
