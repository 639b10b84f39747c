using Microsoft.Data.Analysis;
using VNetAtria.Metrics;

namespace VNetAtria.Plotting.Tables;

/// <summary>
/// Metrics as <see cref="DataFrame"/>s for notebooks: per-case metrics and per-metric summaries. The experiments'
/// results table in the original's format is <c>VNetAtria.Results.ResultsTable.ToDataFrame()</c>.
/// </summary>
public static class ResultsFrames
{
    /// <summary>One row per case: "Case", every metric of <see cref="CaseMetrics.Columns"/>, and the two empty-mask flags.</summary>
    public static DataFrame PerCase(IEnumerable<CaseMetrics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var list = cases.ToList();
        var columns = new List<DataFrameColumn> { new StringDataFrameColumn("Case", list.Select(c => c.CaseId)) };
        foreach (var (name, value) in CaseMetrics.Columns)
            columns.Add(new DoubleDataFrameColumn(name, list.Select(value)));
        columns.Add(new BooleanDataFrameColumn("Empty prediction", list.Select(c => c.EmptyPrediction)));
        columns.Add(new BooleanDataFrameColumn("Empty reference", list.Select(c => c.EmptyReference)));
        return new DataFrame(columns);
    }

    /// <summary>One row per metric: count, mean, standard deviation, median, quartiles and the "mean ± std" text.</summary>
    public static DataFrame Summary(IEnumerable<MetricSummary> summaries, int decimals = 3)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var list = summaries.ToList();
        return new DataFrame(
            new StringDataFrameColumn("Metric", list.Select(s => s.Metric)),
            new Int32DataFrameColumn("N", list.Select(s => s.Count)),
            new DoubleDataFrameColumn("Mean", list.Select(s => s.Mean)),
            new DoubleDataFrameColumn("Std", list.Select(s => s.StandardDeviation)),
            new DoubleDataFrameColumn("Median", list.Select(s => s.Median)),
            new DoubleDataFrameColumn("Q1", list.Select(s => s.Q1)),
            new DoubleDataFrameColumn("Q3", list.Select(s => s.Q3)),
            new StringDataFrameColumn("Mean ± std", list.Select(s => s.MeanPlusMinusStd(decimals))));
    }
}
