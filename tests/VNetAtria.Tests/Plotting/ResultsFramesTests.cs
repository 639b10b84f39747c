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

    [Fact]
    public void Results_table_has_the_original_columns_in_order_with_mean_plus_minus_std_cells()
    {
        var row = ResultsRow.FromCases("VNet", 45_600_000, TimeSpan.FromSeconds(3723.4), "Dice", 2, 1e-4,
            [ChartBuilderTests.Case("a", 0.8, 2), ChartBuilderTests.Case("b", 0.9, 4)]);
        var frame = ResultsFrames.Results([row]);
        Assert.Equal(["Architecture", "Params", "Training time", "Loss", "Batch", "LR", "HD (mm)", "IoU", "Precision", "Recall", "Dice", "HD95 (mm)", "ASSD (mm)"],
            frame.Columns.Select(c => c.Name));
        Assert.Equal("01:02:03", frame["Training time"][0]);
        Assert.Equal(45_600_000L, frame["Params"][0]);
        Assert.Equal("0.85 ± 0.05", frame["Dice"][0]);
        // HD95 2 and 4: mean 3, std 1; HD is twice HD95 in the fixture.
        Assert.Equal("3 ± 1", frame["HD95 (mm)"][0]);
        Assert.Equal("6 ± 2", frame["HD (mm)"][0]);
        Assert.Equal("1.02:00:00", ResultsFrames.FormatDuration(TimeSpan.FromHours(26)));
    }
}
