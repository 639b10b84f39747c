using VNetAtria.Results;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>What a sweep's report step found and wrote.</summary>
/// <param name="Runs">The finished runs in the table, in plan order (then any extra runs).</param>
/// <param name="RunFolders">Their folders, in the same order.</param>
/// <param name="Unfinished">The segmenter runs left out because they have no results yet.</param>
/// <param name="Table">The results table with the original's published rows beside ours (results.md).</param>
/// <param name="MarkdownPath">results.md.</param>
/// <param name="CsvPath">results.csv (our rows only, one column per number, for reading back).</param>
public sealed record SweepReportResult(
    IReadOnlyList<RunResult> Runs, IReadOnlyList<string> RunFolders, IReadOnlyList<string> Unfinished, ResultsTable Table, string MarkdownPath, string CsvPath);

/// <summary>
/// The report step of a sweep: the results table in the original README's format from every finished segmenter run
/// (plus any extra run folders, e.g. a model imported from the original's PyTorch checkpoints), written as
/// <c>results.md</c> (with the original's published row under each run that repeats one) and <c>results.csv</c> in the
/// sweep folder. It reports what has finished: unfinished runs are listed, not fatal (Slurm runs it <c>afterany</c>).
/// </summary>
public static class SweepReport
{
    /// <summary>The Markdown table in the sweep folder.</summary>
    public const string MarkdownFileName = "results.md";

    /// <summary>The CSV table in the sweep folder.</summary>
    public const string CsvFileName = "results.csv";

    /// <summary>The HTML report in the sweep folder (written by the CLI's report step with the plotting library).</summary>
    public const string HtmlFileName = "report.html";

    /// <summary>Writes results.md and results.csv of the finished runs.</summary>
    /// <param name="plan">The sweep.</param>
    /// <param name="extraRuns">More finished run folders to put in the table after the sweep's.</param>
    /// <param name="includeOriginal">Put the original's published row under each run that repeats one.</param>
    /// <exception cref="RunFolderException">No run has finished (nothing to tabulate), or an extra run folder is incomplete.</exception>
    public static SweepReportResult Write(SweepPlan plan, IEnumerable<string>? extraRuns = null, bool includeOriginal = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var folders = new List<string>();
        var unfinished = new List<string>();
        foreach (var task in plan.Segmenters)
            if (SweepTaskChecks.IsDone(plan, task)) folders.Add(task.RunFolder!);
            else unfinished.Add(task.Name);
        folders.AddRange((extraRuns ?? []).Select(Path.GetFullPath));
        if (folders.Count == 0)
            throw new RunFolderException($"No run of sweep {plan.Folder} has finished yet ({string.Join(", ", unfinished)}); see `vnet-atria sweep status {plan.Folder}`.");
        var runs = folders.Select(RunResult.Load).ToList();
        var table = includeOriginal ? ResultsTable.Comparison(runs) : ResultsTable.From(runs);
        var markdown = Path.Combine(plan.Folder, MarkdownFileName);
        var csv = Path.Combine(plan.Folder, CsvFileName);
        table.WriteMarkdown(markdown);
        ResultsTable.From(runs).WriteCsv(csv);
        return new SweepReportResult(runs, folders, unfinished, table, markdown, csv);
    }
}
