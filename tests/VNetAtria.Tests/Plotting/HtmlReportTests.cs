using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using VNetAtria.Plotting.Reports;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Plotting;

public sealed partial class HtmlReportTests : IDisposable
{
    private readonly string root = TestPaths.NewTempDir("vnetatria-report");

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string BuildBoth(HtmlReportOptions? options = null)
    {
        var (attention, plain) = ReportRunFolders.WriteBoth(root);
        return HtmlReport.Build(HtmlReport.LoadRuns([attention, plain]), options);
    }

    /// <summary>Every chart of the page: its data-chart kind and its parsed plotly.js figure.</summary>
    private static List<(string Kind, JsonElement Figure)> Charts(string html)
    {
        var charts = new List<(string, JsonElement)>();
        foreach (Match div in ChartDiv().Matches(html))
        {
            var id = div.Groups["id"].Value;
            var json = Regex.Match(html, $"<script type=\"application/json\" id=\"{id}-figure\">(?<json>.*?)</script>", RegexOptions.Singleline);
            Assert.True(json.Success, $"chart {id} has no figure block.");
            using var doc = JsonDocument.Parse(json.Groups["json"].Value);
            charts.Add((div.Groups["kind"].Value, doc.RootElement.Clone()));
        }
        return charts;
    }

    private static string[] TraceTypes(JsonElement figure) =>
        figure.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("type").GetString()!).ToArray();

    private static string[] TraceNames(JsonElement figure) =>
        figure.GetProperty("data").EnumerateArray().Where(t => t.TryGetProperty("name", out _)).Select(t => t.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public void The_report_is_one_html_document()
    {
        var html = BuildBoth(new HtmlReportOptions { Title = "Ablation <A & B>" });
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<html[ >]"));
        Assert.Single(Regex.Matches(html, "<body>"));
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        // The title is text, not markup.
        Assert.Contains("<title>Ablation &lt;A &amp; B&gt;</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_needs_no_network_because_plotly_js_is_inlined()
    {
        var html = BuildBoth();
        Assert.DoesNotMatch(new Regex(@"<script[^>]*\ssrc\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<link[^>]*\shref\s*=", RegexOptions.IgnoreCase), html);
        Assert.Matches(@"^2\.\d+\.\d+$", PlotlyJs.Version);
        Assert.True(PlotlyJs.Script.Length > 1_000_000, $"plotly.js is {PlotlyJs.Script.Length} characters; the full bundle is about 3.6 MB.");
        Assert.Contains(PlotlyJs.Script, html, StringComparison.Ordinal);
        Assert.Contains($"plotly.js v{PlotlyJs.Version}", PlotlyJs.Script, StringComparison.Ordinal);
        // The inline bundle defines Plotly before the drawing script runs.
        Assert.True(html.IndexOf(PlotlyJs.Script, StringComparison.Ordinal) < html.IndexOf("Plotly.newPlot(div", StringComparison.Ordinal));
    }

    [Fact]
    public void The_results_table_has_the_originals_columns_and_each_runs_values_with_its_published_row()
    {
        var html = BuildBoth();
        var table = Regex.Match(html, "<div class=\"table\" id=\"results-table\">(?<t>.*?)</div>", RegexOptions.Singleline).Groups["t"].Value;
        foreach (var header in ResultsTable.MarkdownHeaders)
            Assert.Contains($"<th>{WebUtility.HtmlEncode(header)}</th>", table, StringComparison.Ordinal);
        // att3: Dice 0.8/0.9/1.0 -> 0.900 ± 0.082 (population std); HD 10/20/30 -> 20.00 ± 8.16.
        Assert.Contains("<td>att3</td><td>VNet + attention (red 4, dil 3)</td>", table, StringComparison.Ordinal);
        Assert.Contains(Cell("0.900 ± 0.082"), table, StringComparison.Ordinal);
        Assert.Contains(Cell("20.00 ± 8.16"), table, StringComparison.Ordinal);
        // vnet-dice: Dice 0.6/0.7/0.8 -> 0.700 ± 0.082; 45 s of training; lr 0.0003.
        Assert.Contains("<td>vnet-dice</td><td>VNet</td><td>10.75 M</td><td>45 s</td><td>Dice</td><td>3</td><td>0.0003</td>", table, StringComparison.Ordinal);
        Assert.Contains(Cell("0.700 ± 0.082"), table, StringComparison.Ordinal);
        // The original's rows 4 (attention dil 3, Dice) and 2 (VNet, Dice) follow the runs that repeat them.
        var rows = Regex.Matches(table, "<tr><td>(?<run>[^<]*)</td>").Select(m => m.Groups["run"].Value).ToArray();
        Assert.Equal(["att3", "original 4", "vnet-dice", "original 2"], rows);
        Assert.Contains(Cell("0.878 ± 0.063"), table, StringComparison.Ordinal);

        var without = HtmlReport.Build(HtmlReport.LoadRuns([Path.Combine(root, "att3")]), new HtmlReportOptions { IncludeOriginal = false });
        Assert.DoesNotContain("original 4", without, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_run_has_its_per_case_metrics_table()
    {
        var html = BuildBoth();
        foreach (var (run, firstDice) in new[] { ("att3", "0.8"), ("vnet-dice", "0.6") })
        {
            var table = Regex.Match(html, $"<div class=\"table per-case\" data-run=\"{run}\">(?<t>.*?)</div>", RegexOptions.Singleline).Groups["t"].Value;
            Assert.Contains("<th>Case</th><th>Dice</th>", table, StringComparison.Ordinal);
            Assert.Contains($"<tr><td>Case001</td><td>{firstDice}</td>", table, StringComparison.Ordinal);
            Assert.Equal(3, Regex.Matches(table, "<tr><td>Case00").Count);
        }
    }

    [Fact]
    public void The_charts_are_box_plots_per_metric_with_one_box_per_run_and_scatter_training_curves()
    {
        var charts = Charts(BuildBoth());
        var distributions = charts.Where(c => c.Kind == "distribution").ToList();
        Assert.Equal(new HtmlReportOptions().DistributionMetrics.Count, distributions.Count);
        foreach (var (_, figure) in distributions)
        {
            Assert.Equal(["box", "box"], TraceTypes(figure));
            Assert.Equal(["att3", "vnet-dice"], TraceNames(figure));
        }
        var dice = distributions[0].Figure.GetProperty("data")[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([0.6, 0.7, 0.8], dice);

        var comparison = Assert.Single(charts, c => c.Kind == "comparison").Figure;
        Assert.All(TraceTypes(comparison), t => Assert.Equal("scatter", t));
        Assert.Equal(4, TraceTypes(comparison).Length); // validation Dice and training loss per run

        var curves = charts.Where(c => c.Kind == "curves").ToList();
        Assert.Equal(2, curves.Count);
        foreach (var (_, figure) in curves)
        {
            Assert.All(TraceTypes(figure), t => Assert.Equal("scatter", t));
            var validationDice = figure.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "validation Dice");
            // Epoch 2 was not validated: a gap (null), not a zero.
            Assert.Equal(JsonValueKind.Null, validationDice.GetProperty("y")[1].ValueKind);
            Assert.Equal(0.6, validationDice.GetProperty("y")[2].GetDouble());
        }
    }

    [Fact]
    public void A_run_without_history_is_reported_without_curves_and_says_so()
    {
        var folder = ReportRunFolders.Write(Path.Combine(root, "no-history"), ReportRunFolders.PlainRun, history: null);
        var html = HtmlReport.Build(HtmlReport.LoadRuns([folder]));
        Assert.DoesNotContain(Charts(html), c => c.Kind is "curves" or "comparison");
        Assert.Contains("vnet-dice: no training history in", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_broken_run_folder_is_an_error_naming_the_folder()
    {
        var (attention, _) = ReportRunFolders.WriteBoth(root);
        var missing = Path.Combine(root, "never-trained");
        var e = Assert.Throws<RunFolderException>(() => HtmlReport.LoadRuns([attention, missing]));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(attention, RunFolder.MetricsFileName));
        e = Assert.Throws<RunFolderException>(() => HtmlReport.LoadRuns([attention]));
        Assert.Contains(attention, e.Message, StringComparison.Ordinal);
        Assert.Contains("metrics.csv", e.Message, StringComparison.Ordinal);

        var plain = Path.Combine(root, "vnet-dice");
        File.WriteAllText(Path.Combine(plain, "segmenter", "history.csv"), "epoch,loss\n1,0.5\n");
        e = Assert.Throws<RunFolderException>(() => HtmlReport.LoadRuns([plain]));
        Assert.Contains(plain, e.Message, StringComparison.Ordinal);
        Assert.Contains("history.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_replaces_the_file_atomically_and_leaves_nothing_else()
    {
        var (attention, plain) = ReportRunFolders.WriteBoth(root);
        var output = Path.Combine(root, "out", "report.html");
        var runs = HtmlReport.LoadRuns([attention, plain]);
        HtmlReport.Write(output, runs);
        File.WriteAllText(output, "old");
        HtmlReport.Write(output, runs, new HtmlReportOptions { Title = "second" });
        Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
        Assert.Contains("<title>second</title>", File.ReadAllText(output), StringComparison.Ordinal);
    }

    /// <summary>A table cell as HtmlTables writes it (text HTML-encoded: "±" becomes a character reference).</summary>
    private static string Cell(string text) => $"<td>{WebUtility.HtmlEncode(text)}</td>";

    [GeneratedRegex("<div class=\"chart\" id=\"(?<id>chart-[0-9]+)\" data-chart=\"(?<kind>[a-z]+)\"></div>")]
    private static partial Regex ChartDiv();
}
