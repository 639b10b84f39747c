namespace VNetAtria.Metrics;

/// <summary>Summary of one metric over cases: mean ± standard deviation (population, numpy's default), median and IQR.</summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Count">Cases summarised.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StandardDeviation">Population standard deviation (ddof 0, as numpy.std).</param>
/// <param name="Median">50th percentile.</param>
/// <param name="Q1">25th percentile (linear interpolation, as numpy).</param>
/// <param name="Q3">75th percentile.</param>
public sealed record MetricSummary(string Metric, int Count, double Mean, double StandardDeviation, double Median, double Q1, double Q3)
{
    /// <summary>Interquartile range Q3 - Q1.</summary>
    public double InterquartileRange => Q3 - Q1;

    /// <summary>"mean ± std" with the given number of decimals, as the original's table.</summary>
    public string MeanPlusMinusStd(int decimals = 3) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Round(Mean, decimals)} ± {Math.Round(StandardDeviation, decimals)}");

    /// <summary>Summarises one value per case.</summary>
    public static MetricSummary Of(string metric, IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new MetricSummary(metric, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        var sorted = values.Order().ToArray();
        return new MetricSummary(metric, values.Count, mean, std, Percentile(sorted, 50), Percentile(sorted, 25), Percentile(sorted, 75));
    }

    /// <summary>
    /// Summaries of every metric column over <paramref name="cases"/>; cases with an empty mask are left out when
    /// <paramref name="excludeEmpty"/> (their count is still visible as cases.Count - Count).
    /// </summary>
    public static IReadOnlyList<MetricSummary> Of(IEnumerable<CaseMetrics> cases, bool excludeEmpty = false)
    {
        var used = cases.Where(c => !excludeEmpty || !c.HasEmptyMask).ToList();
        return CaseMetrics.Columns.Select(col => Of(col.Name, used.Select(col.Value).ToList())).ToList();
    }

    private static double Percentile(double[] sorted, double percent)
    {
        var rank = percent / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
