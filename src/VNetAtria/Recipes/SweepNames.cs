namespace VNetAtria.Recipes;

/// <summary>
/// The names a sweep gives its tasks and folders. A segmenter run is the folder <c>&lt;sweep&gt;/&lt;name&gt;</c> beside
/// the sweep's own folders, so its name must be a folder name and must not be one of <see cref="Reserved"/>.
/// </summary>
public static class SweepNames
{
    /// <summary>The locator stage's task name and, when the sweep trains it, its run folder.</summary>
    public const string Locator = "locator";

    /// <summary>The report step's task name.</summary>
    public const string Report = "report";

    /// <summary>The plan file in the sweep folder.</summary>
    public const string PlanFile = "sweep.json";

    /// <summary>The resolved config of every task: <c>configs/&lt;task&gt;.json</c>.</summary>
    public const string ConfigsFolder = "configs";

    /// <summary>What each task printed: <c>logs/&lt;task&gt;.out</c> (Slurm array tasks: <c>logs/segmenter-&lt;index&gt;.out</c>).</summary>
    public const string LogsFolder = "logs";

    /// <summary>Each task's last state (running, done, stopped, failed), written by the task itself: <c>state/&lt;task&gt;.json</c>.</summary>
    public const string StateFolder = "state";

    /// <summary>The sbatch scripts and the submitted job ids.</summary>
    public const string SlurmFolder = "slurm";

    /// <summary>Names a segmenter run may not take: the sweep's own tasks and folders.</summary>
    public static IReadOnlyList<string> Reserved { get; } = [Locator, Report, ConfigsFolder, LogsFolder, StateFolder, SlurmFolder, "data"];

    /// <summary>Why <paramref name="name"/> cannot name a segmenter run, or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "the name is empty";
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || name.StartsWith('.'))
            return "a run name may hold only letters, digits, '-', '_' and '.' (it names the run's folder)";
        if (Reserved.Contains(name, StringComparer.OrdinalIgnoreCase))
            return $"'{name}' is one of the sweep's own names ({string.Join(", ", Reserved)}); rename the run";
        return null;
    }
}
