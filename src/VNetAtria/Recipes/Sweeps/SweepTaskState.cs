using System.Globalization;
using System.Text.Json;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>Where a task stands, as the task last recorded it.</summary>
public enum SweepTaskPhase
{
    /// <summary>Started and not yet ended (or killed without a chance to say so).</summary>
    Running,
    /// <summary>Finished: the run folder holds its results (or the report was written).</summary>
    Done,
    /// <summary>Stopped on a signal (Ctrl+C, SIGTERM from a scheduler) after writing checkpoint-last: rerunning resumes it.</summary>
    Stopped,
    /// <summary>Ended with an error; the message and the task's log say why.</summary>
    Failed,
}

/// <summary>
/// state/&lt;task&gt;.json: what the task itself last recorded (written atomically when it starts and when it ends), so
/// that <c>sweep status</c> can tell running from failed without a scheduler, and a scheduler's view can be checked.
/// </summary>
public sealed record SweepTaskState
{
    /// <summary>The task's name.</summary>
    public string Task { get; init; } = "";

    /// <summary>Running, done, stopped or failed.</summary>
    public SweepTaskPhase Phase { get; init; }

    /// <summary>How many times the task has started (1 on the first run; requeues and reruns add one).</summary>
    public int Attempt { get; init; }

    /// <summary>The machine it ran on.</summary>
    public string Host { get; init; } = "";

    /// <summary>Its process id there.</summary>
    public int Pid { get; init; }

    /// <summary>Its Slurm job ("123", or "123_4" for an array task), or null outside Slurm.</summary>
    public string? SlurmJob { get; init; }

    /// <summary>When this attempt started (UTC, ISO 8601).</summary>
    public string Started { get; init; } = "";

    /// <summary>When it ended (UTC), or null while running.</summary>
    public string? Ended { get; init; }

    /// <summary>One line on how it ended (the error, "stopped by SIGTERM after epoch 3", ...), or null.</summary>
    public string? Message { get; init; }

    /// <summary>Reads a state file, or null when there is none or it is unreadable (a task killed mid-write leaves the previous one: writes are atomic).</summary>
    public static SweepTaskState? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<SweepTaskState>(File.ReadAllText(path), SweepPlan.JsonOptions); }
        catch (JsonException) { return null; }
        catch (IOException) { return null; }
    }

    /// <summary>Writes the state file atomically.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, SweepPlan.JsonOptions).ReplaceLineEndings("\n") + "\n");
    }

    /// <summary>Now, as the state files write times.</summary>
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Parses a time written by <see cref="Now"/>.</summary>
    public static DateTime? ParseTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
