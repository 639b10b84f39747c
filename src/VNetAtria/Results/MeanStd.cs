using System.Globalization;

namespace VNetAtria.Results;

/// <summary>A metric's mean and standard deviation over cases (population std, numpy's default, as the original's table).</summary>
/// <param name="Mean">The mean.</param>
/// <param name="Std">The standard deviation.</param>
public readonly record struct MeanStd(double Mean, double Std)
{
    /// <summary>"mean ± std", both with <paramref name="decimals"/> decimals (invariant culture).</summary>
    public string Format(int decimals) =>
        Mean.ToString("F" + decimals, CultureInfo.InvariantCulture) + " ± " + Std.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>Mean and population std of <paramref name="values"/> (Metrics/MetricSummary).</summary>
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        var s = Metrics.MetricSummary.Of("", values);
        return new MeanStd(s.Mean, s.StandardDeviation);
    }
}
