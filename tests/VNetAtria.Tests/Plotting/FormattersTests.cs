using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting.Interactive;
using VNetAtria.Plotting.Tables;

namespace VNetAtria.Tests.Plotting;

/// <summary>Formatter registrations are process-wide: these tests run one at a time.</summary>
[Collection(Name)]
public class FormattersTests
{
    public const string Name = "dotnet-interactive formatters";

    public FormattersTests() => VNetAtriaFormatters.Register();

    [Fact]
    public void A_volume_shows_a_summary_table_and_a_chart_of_its_mid_slices()
    {
        var volume = new Volume<byte>(new Shape3(3, 4, 5), geometry: VolumeGeometry.WithSpacingOnly(new Spacing3(2, 1, 1)));
        volume[1, 2, 2] = 255;
        var html = Formatter.ToDisplayString(volume, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<table>", html);
        Assert.Contains("3x4x5", html);
        Assert.Contains("UInt8", html);
        Assert.Contains("0, 255", html); // distinct values of a label map
        Assert.Contains("Plotly.newPlot(", html);
        // The same through the run-time typed interface a file reader returns.
        Assert.Contains("3x4x5", Formatter.ToDisplayString((IVolume)volume.ConvertTo<float>(), VNetAtriaFormatters.HtmlMimeType));
    }

    [Fact]
    public void Case_metrics_and_summaries_show_as_tables_with_one_row_each()
    {
        List<CaseMetrics> cases = [ChartBuilderTests.Case("case<1>", 0.8), ChartBuilderTests.Case("case 2", 0.9)];
        var html = Formatter.ToDisplayString(cases, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<th>Dice</th>", html);
        Assert.Contains("case&lt;1&gt;", html); // encoded, never raw markup
        Assert.Equal(2 + 1, html.Split("<tr>").Length - 1);
        var summaries = MetricSummary.Of(cases);
        var summaryHtml = Formatter.ToDisplayString(summaries, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains($"<th>{System.Net.WebUtility.HtmlEncode("Mean ± std")}</th>", summaryHtml);
        Assert.Equal(summaries.Count + 1, summaryHtml.Split("<tr>").Length - 1);
    }

    [Fact]
    public void A_data_frame_shows_as_a_table_capped_at_the_row_limit()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("n", Enumerable.Range(0, 150)), new DoubleDataFrameColumn("x", Enumerable.Range(0, 150).Select(i => i / 3.0)));
        var html = Formatter.ToDisplayString(frame, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<th>n</th><th>x</th>", html);
        Assert.Contains("<td>0.3333</td>", html);
        Assert.Contains("100 of 150 rows", html);
        Assert.Equal(100 + 1, html.Split("<tr>").Length - 1);
        var results = new VNetAtria.Experiments.ResultsTable(VNetAtria.Experiments.OriginalResults.Rows).ToDisplayDataFrame();
        Assert.Contains("<th>HD95 (mm)</th>", Formatter.ToDisplayString(results, VNetAtriaFormatters.HtmlMimeType));
    }
}
