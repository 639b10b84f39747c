using System.Globalization;
using Microsoft.Data.Analysis;
using VNetAtria.Metrics;

namespace VNetAtria.Plotting.Tables;

/// <summary>
/// Results as <see cref="DataFrame"/>s for notebooks: per-case metrics, per-metric summaries, and the experiments'
/// results table (Architecture | Params | Training time | Loss | Batch | LR | HD (mm) | IoU | Precision | Recall | Dice |
/// HD95 (mm) | ASSD (mm), metric cells "mean ± std" as the original README prints them).
/// </summary>
public static class ResultsFrames
{
    /// <summary>The metric columns of the results table, in order, named as <see cref="CaseMetrics.Columns"/> names them.</summary>
    public static IReadOnlyList<string> ResultsMetricColumns { get; } = ["HD (mm)", "IoU", "Precision", "Recall", "Dice", "HD95 (mm)", "ASSD (mm)"];

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

    /// <summary>
    /// The results table, one row per experiment. A metric a row's summaries lack is left empty (null).
    /// Training time reads [d.]hh:mm:ss; parameters are a plain count.
    /// </summary>
    public static DataFrame Results(IEnumerable<ResultsRow> rows, int decimals = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Architecture", list.Select(r => r.Architecture)),
            new Int64DataFrameColumn("Params", list.Select(r => r.Parameters)),
            new StringDataFrameColumn("Training time", list.Select(r => FormatDuration(r.TrainingTime))),
            new StringDataFrameColumn("Loss", list.Select(r => r.Loss)),
            new Int32DataFrameColumn("Batch", list.Select(r => r.BatchSize)),
            new DoubleDataFrameColumn("LR", list.Select(r => r.LearningRate)),
        };
        foreach (var metric in ResultsMetricColumns)
            columns.Add(new StringDataFrameColumn(metric, list.Select(r =>
                r.Summaries.FirstOrDefault(s => s.Metric == metric) is { Count: > 0 } s ? s.MeanPlusMinusStd(decimals) : null)));
        return new DataFrame(columns);
    }

    /// <summary>[d.]hh:mm:ss, whole seconds.</summary>
    public static string FormatDuration(TimeSpan t)
    {
        var whole = TimeSpan.FromSeconds(Math.Round(t.TotalSeconds));
        return whole.Days > 0
            ? whole.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture)
            : whole.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
