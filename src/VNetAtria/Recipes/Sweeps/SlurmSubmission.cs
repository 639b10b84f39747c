using System.Text.Json;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// slurm/submission.json: the jobs of a sweep's last Slurm submission and the options they were submitted with, so
/// that <c>sweep status</c> can ask the scheduler about them and <c>sweep submit</c> can reuse the options.
/// </summary>
public sealed record SlurmSubmission
{
    /// <summary>The file name in the sweep's slurm/ folder.</summary>
    public const string FileName = "submission.json";

    /// <summary>When it was submitted (UTC).</summary>
    public string Submitted { get; init; } = "";

    /// <summary>The options of the jobs.</summary>
    public SlurmOptions Options { get; init; } = new();

    /// <summary>The locator job, or null when the locator was done (or reused) and not submitted.</summary>
    public string? LocatorJob { get; init; }

    /// <summary>The segmenter array job, or null when every segmenter was done.</summary>
    public string? SegmentersJob { get; init; }

    /// <summary>The array indices submitted (the segmenters not done at submission).</summary>
    public IReadOnlyList<int> SegmenterIndices { get; init; } = [];

    /// <summary>The report job.</summary>
    public string? ReportJob { get; init; }

    /// <summary>The file of <paramref name="plan"/>'s last submission.</summary>
    public static string PathOf(SweepPlan plan) => Path.Combine(plan.Folder, SweepNames.SlurmFolder, FileName);

    /// <summary>The last submission of <paramref name="plan"/>, or null when it was never submitted to Slurm.</summary>
    public static SlurmSubmission? TryRead(SweepPlan plan)
    {
        var path = PathOf(plan);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<SlurmSubmission>(File.ReadAllText(path), SweepPlan.JsonOptions); }
        catch (JsonException) { return null; }
    }

    /// <summary>Writes the file atomically.</summary>
    public void Write(SweepPlan plan)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(plan))!);
        AtomicFile.WriteAllText(PathOf(plan), JsonSerializer.Serialize(this, SweepPlan.JsonOptions).ReplaceLineEndings("\n") + "\n");
    }

    /// <summary>The job of each submitted task, by task name ("123" for the locator and report, "124_2" for segmenter 2).</summary>
    public IReadOnlyDictionary<string, string> JobsByTask(SweepPlan plan)
    {
        var jobs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (LocatorJob is { } l && plan.Locator is { } locator) jobs[locator.Name] = l;
        if (SegmentersJob is { } s)
            foreach (var i in SegmenterIndices.Where(i => i < plan.Segmenters.Count))
                jobs[plan.Segmenters[i].Name] = $"{s}_{i}";
        if (ReportJob is { } r) jobs[plan.Report.Name] = r;
        return jobs;
    }
}
