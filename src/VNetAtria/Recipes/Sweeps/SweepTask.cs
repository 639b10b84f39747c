namespace VNetAtria.Recipes.Sweeps;

/// <summary>The three kinds of task in a sweep's graph: locator, then the segmenters (any order), then the report.</summary>
public enum SweepTaskKind
{
    /// <summary>Trains the shared locator and plans the crops (<c>train --stage locator</c>); nothing when the locator is reused.</summary>
    Locator,
    /// <summary>One segmenter run: trains the segmenter on the shared crops, then predicts and evaluates the validation cases.</summary>
    Segmenter,
    /// <summary>The results table (and the HTML report) of every finished run.</summary>
    Report,
}

/// <summary>One task of a sweep.</summary>
/// <param name="Name">The task's name: "locator", the segmenter run's name, or "report".</param>
/// <param name="Kind">What it does.</param>
/// <param name="Index">A segmenter's position in the plan (its Slurm array index, 0-based); -1 for the locator and the report.</param>
/// <param name="RunFolder">The run folder the task trains (absolute); null for the report.</param>
public sealed record SweepTask(string Name, SweepTaskKind Kind, int Index, string? RunFolder)
{
    /// <summary>
    /// The name of the task's output file in logs/ (without ".out"): the task's name for the locator and the report,
    /// <c>segmenter-&lt;index&gt;</c> for a segmenter (a Slurm job array names its tasks' output by index only).
    /// </summary>
    public string LogName => Kind == SweepTaskKind.Segmenter ? $"segmenter-{Index}" : Name;

    /// <inheritdoc />
    public override string ToString() => Kind == SweepTaskKind.Segmenter ? $"{Name} (segmenter {Index})" : Name;
}
