using VNetAtria.Metrics;
using VNetAtria.Plotting.Tables;

namespace VNetAtria.Tests.Plotting;

public class ResultsFramesTests
{
    [Fact]
    public void Per_case_frame_has_a_row_per_case_and_a_column_per_metric()
    {
        var frame = ResultsFrames.PerCase([ChartBuilderTests.Case("a", 0.8, 2), ChartBuilderTests.Case("b", 0.9, 4)]);
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(["Case", .. CaseMetrics.Columns.Select(c => c.Name), "Empty prediction", "Empty reference"], frame.Columns.Select(c => c.Name));
        Assert.Equal("b", frame["Case"][1]);
        Assert.Equal(0.9, (double)frame["Dice"][1]!);
        Assert.Equal(4.0, (double)frame["HD95 (mm)"][1]!);
    }

    [Fact]
    public void Summary_frame_gives_mean_plus_minus_std_per_metric()
    {
        // Dice 0.8 and 0.9: mean 0.85, population std 0.05.
        var summaries = MetricSummary.Of([ChartBuilderTests.Case("a", 0.8), ChartBuilderTests.Case("b", 0.9)]);
        var frame = ResultsFrames.Summary(summaries);
        var dice = Enumerable.Range(0, (int)frame.Rows.Count).Single(r => (string)frame["Metric"][r] == "Dice");
        Assert.Equal(0.85, (double)frame["Mean"][dice]!, 12);
        Assert.Equal(0.05, (double)frame["Std"][dice]!, 12);
        Assert.Equal("0.85 ± 0.05", frame["Mean ± std"][dice]);
        Assert.Equal(2, frame["N"][dice]);
    }
}
