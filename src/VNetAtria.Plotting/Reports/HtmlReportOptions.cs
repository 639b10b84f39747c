namespace VNetAtria.Plotting.Reports;

/// <summary>What an <see cref="HtmlReport"/> contains.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>The page's title and heading.</summary>
    public string Title { get; init; } = "VNetAtria report";

    /// <summary>Put the original project's published row under each run that repeats one (<c>ResultsTable.Comparison</c>).</summary>
    public bool IncludeOriginal { get; init; } = true;

    /// <summary>The metrics drawn as per-case distributions across runs (names of <c>CaseMetrics.Columns</c>).</summary>
    public IReadOnlyList<string> DistributionMetrics { get; init; } = ["Dice", "HD95 (mm)", "ASSD (mm)"];

    /// <summary>Box or violin plots for the distributions.</summary>
    public DistributionKind DistributionKind { get; init; } = DistributionKind.Box;
}
