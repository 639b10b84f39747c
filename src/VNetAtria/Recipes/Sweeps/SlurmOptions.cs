using System.Text.RegularExpressions;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// The resources and settings of a sweep's Slurm jobs (<c>vnet-atria sweep submit --executor slurm</c> options; recorded
/// in slurm/submission.json, so submitting the sweep again reuses them unless new ones are given). Null leaves a
/// setting to the cluster's defaults.
/// </summary>
public sealed partial record SlurmOptions
{
    /// <summary>--partition of every job.</summary>
    public string? Partition { get; init; }

    /// <summary>--account of every job.</summary>
    public string? Account { get; init; }

    /// <summary>--time of the locator and segmenter jobs (e.g. "24:00:00" or "1-00:00:00").</summary>
    public string? Time { get; init; }

    /// <summary>--cpus-per-task of the locator and segmenter jobs (also their torch threads, unless a config sets "threads").</summary>
    public int? CpusPerTask { get; init; }

    /// <summary>--mem of the locator and segmenter jobs (e.g. "32G").</summary>
    public string? Memory { get; init; }

    /// <summary>--gres of the locator and segmenter jobs (e.g. "gpu:1"); the report job gets none.</summary>
    public string? Gres { get; init; }

    /// <summary>At most this many segmenter tasks run at once (the array's %N throttle); null: no throttle.</summary>
    public int? Throttle { get; init; }

    /// <summary>
    /// Seconds before the time limit at which Slurm sends SIGTERM to the task (<c>--signal=B:TERM@N</c>): it finishes
    /// its batch, writes checkpoint-last and asks Slurm to requeue it, so it continues in a new allocation. Leave room
    /// for one batch and one checkpoint write.
    /// </summary>
    public int SignalSeconds { get; init; } = 300;

    /// <summary>More #SBATCH lines for every job, as written after "#SBATCH " (e.g. "--qos=long", "--constraint=a100").</summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];

    /// <summary>Every problem of the options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (CpusPerTask is < 1) p.Add($"--cpus-per-task must be at least 1, not {CpusPerTask}");
        if (Throttle is < 1) p.Add($"--throttle must be at least 1, not {Throttle}");
        if (SignalSeconds is < 10 or > 65535) p.Add($"--signal-seconds must lie in [10, 65535], not {SignalSeconds}");
        if (Time is { } t && !TimePattern().IsMatch(t))
            p.Add($"--time '{t}' is not a Slurm time (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
        foreach (var (name, value) in new[] { ("--partition", Partition), ("--account", Account), ("--mem", Memory), ("--gres", Gres) })
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '$' or '`')))
                p.Add($"{name} '{value}' must be one word without quotes, '$', '`' or backslashes");
        foreach (var line in ExtraLines)
            if (line.Contains('\n') || line.Contains('\r') || !ExtraLine(line).StartsWith('-'))
                p.Add($"--sbatch '{line}' must be one sbatch option starting with '-' (e.g. --qos=long), on one line");
        return p;
    }

    /// <summary>An extra line as the option alone: "#SBATCH --qos=long" and "--qos=long" both give "--qos=long".</summary>
    public static string ExtraLine(string line)
    {
        var t = line.Trim();
        return t.StartsWith("#SBATCH", StringComparison.Ordinal) ? t["#SBATCH".Length..].Trim() : t;
    }

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$")]
    private static partial Regex TimePattern();
}
