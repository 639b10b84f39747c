using System.Globalization;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// What Slurm says about a sweep's jobs, from <c>scontrol show job</c> (one line per job; an array's pending tasks share
/// one line with a range such as ArrayTaskId=2-5%2). Slurm keeps finished jobs for MinJobAge (300 s by default) only,
/// and a cluster without an accounting database has no <c>sacct</c>: after that the run folders and the tasks' own
/// state files are the record (<see cref="SweepStatus"/>).
/// </summary>
public static class SlurmQueue
{
    /// <summary>How long a scheduler command may take before it counts as unreachable.</summary>
    public static TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The scheduler's view of each task of the sweep's last submission (by task name); tasks Slurm no longer knows
    /// are left out. Empty when the sweep was never submitted to Slurm.
    /// </summary>
    /// <exception cref="FileNotFoundException">scontrol is not installed here.</exception>
    public static IReadOnlyDictionary<string, SchedulerJobState> Jobs(SweepPlan plan)
    {
        var submission = SlurmSubmission.TryRead(plan);
        if (submission is null) return new Dictionary<string, SchedulerJobState>();
        var byJob = new Dictionary<string, SchedulerJobState>(StringComparer.Ordinal);
        foreach (var job in new[] { submission.LocatorJob, submission.SegmentersJob, submission.ReportJob }.OfType<string>())
            foreach (var state in Show(job)) byJob[state.JobId] = state;
        var result = new Dictionary<string, SchedulerJobState>(StringComparer.Ordinal);
        foreach (var (task, job) in submission.JobsByTask(plan))
            if (byJob.TryGetValue(job, out var state)) result[task] = state;
        return result;
    }

    /// <summary>
    /// <c>scontrol -o show job JOB</c>, one state per job or array task (a pending range is expanded to one state per
    /// index, named "ARRAY_INDEX"); empty when Slurm no longer knows the job.
    /// </summary>
    public static IReadOnlyList<SchedulerJobState> Show(string job)
    {
        var (code, output, error) = ChildProcesses.Run("scontrol", ["-o", "show", "job", job], CommandTimeout);
        if (code != 0)
        {
            if (error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return [];
            throw new IOException($"scontrol show job {job} failed (exit {code}): {error.Trim()}");
        }
        return Parse(output);
    }

    /// <summary>Parses <c>scontrol -o show job</c> output (see <see cref="Show"/>).</summary>
    public static IReadOnlyList<SchedulerJobState> Parse(string output)
    {
        var states = new List<SchedulerJobState>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = Fields(line);
            var state = fields.GetValueOrDefault("JobState", "UNKNOWN");
            var reason = fields.GetValueOrDefault("Reason", "None");
            var node = fields.GetValueOrDefault("NodeList") is { Length: > 0 } n && n != "(null)" ? n : null;
            var exit = fields.GetValueOrDefault("ExitCode");
            if (fields.TryGetValue("ArrayJobId", out var arrayJob) && fields.TryGetValue("ArrayTaskId", out var taskIds))
                foreach (var index in ArrayIndices(taskIds))
                    states.Add(new SchedulerJobState($"{arrayJob}_{index}", state, reason, node, exit));
            else if (fields.TryGetValue("JobId", out var id))
                states.Add(new SchedulerJobState(id, state, reason, node, exit));
        }
        return states;
    }

    /// <summary>The indices of an ArrayTaskId field: "3" gives [3], "2-5%2" gives [2,3,4,5], "1,4-6:2" gives [1,4,6].</summary>
    public static IReadOnlyList<int> ArrayIndices(string field)
    {
        var list = field.Split('%')[0];
        var indices = new List<int>();
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var stepParts = part.Split(':');
            var step = stepParts.Length > 1 && int.TryParse(stepParts[1], CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 1;
            var range = stepParts[0].Split('-');
            if (!int.TryParse(range[0], CultureInfo.InvariantCulture, out var first)) continue;
            var last = range.Length > 1 && int.TryParse(range[1], CultureInfo.InvariantCulture, out var l) ? l : first;
            for (var i = first; i <= last; i += step) indices.Add(i);
        }
        return indices;
    }

    private static Dictionary<string, string> Fields(string line)
    {
        // "Key=Value Key=Value ..."; values have no spaces except Command/WorkDir paths, which come after the fields we read.
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = token.IndexOf('=');
            if (eq > 0) fields.TryAdd(token[..eq], token[(eq + 1)..]);
        }
        return fields;
    }
}
