using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Plotting.Interactive;
using VNetAtria.Plotting.Tables;
using VNetAtria.Results;

namespace VNetAtria.Plotting.Reports;

/// <summary>
/// A static, self-contained HTML report of one run or many (an ablation), for people who will not open a notebook:
/// the results table in the original's format (with the original's published rows), per-case metric distributions
/// across runs, training curves (compared, then per run) and each run's per-case metrics. plotly.js is inlined, so the
/// one file opens anywhere without a network connection.
/// <para>
/// Each chart is a <c>&lt;div class="chart" id="chart-N" data-chart="KIND"&gt;</c> with its plotly.js figure in
/// <c>&lt;script type="application/json" id="chart-N-figure"&gt;</c> (kinds: distribution, comparison, curves), drawn by
/// one script at the end of the page.
/// </para>
/// </summary>
public static class HtmlReport
{
    /// <summary>Loads every run folder (<see cref="ReportRun.Load"/>), in order.</summary>
    /// <exception cref="RunFolderException">A folder is missing, incomplete or unreadable; the message names it.</exception>
    public static IReadOnlyList<ReportRun> LoadRuns(IEnumerable<string> runFolders)
    {
        ArgumentNullException.ThrowIfNull(runFolders);
        var runs = runFolders.Select(ReportRun.Load).ToList();
        if (runs.Count == 0) throw new ArgumentException("A report needs at least one run folder.", nameof(runFolders));
        return runs;
    }

    /// <summary>The report of <paramref name="runs"/> as one HTML document.</summary>
    public static string Build(IReadOnlyList<ReportRun> runs, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("A report needs at least one run.", nameof(runs));
        options ??= new HtmlReportOptions();
        var page = new Page();
        var title = WebUtility.HtmlEncode(options.Title);
        var sb = page.Html;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"generator\" content=\"VNetAtria.Plotting HtmlReport\">\n")
          .Append("<title>").Append(title).Append("</title>\n<style>\n").Append(Style).Append("</style>\n")
          // plotly.js inline: the report must open offline. "</script" never occurs in the bundle; escaped anyway.
          .Append("<script type=\"text/javascript\">/* plotly.js ").Append(PlotlyJs.Version).Append(" */\n")
          .Append(PlotlyJs.Script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("\n</script>\n")
          .Append("</head>\n<body>\n<h1>").Append(title).Append("</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{runs.Count} run(s), written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by VNetAtria.</p>\n");
        RunList(sb, runs);

        sb.Append("<h2 id=\"results\">Results</h2>\n");
        var results = runs.Select(r => r.Result).ToList();
        var table = options.IncludeOriginal ? ResultsTable.Comparison(results) : ResultsTable.From(results);
        sb.Append("<p>Metrics are mean ± standard deviation over each run's validation cases (Cases column), one training seed per run. ")
          .Append(options.IncludeOriginal
              ? "Rows named \"original N\" are the original project's published results (20 LASC 2018 validation cases, Titan V times); they had no HD95 or ASSD.</p>\n"
              : "</p>\n");
        sb.Append("<div class=\"table\" id=\"results-table\">").Append(HtmlTables.Of(table.ToDisplayDataFrame(), int.MaxValue)).Append("</div>\n");

        sb.Append("<h2 id=\"distributions\">Per-case metric distributions</h2>\n");
        foreach (var metric in options.DistributionMetrics)
            page.Chart("distribution", MetricDistributions.Create(runs.Select(r => (r.Name, r.Result.Cases.AsEnumerable())), metric, options.DistributionKind, $"{metric} per case"));

        sb.Append("<h2 id=\"training\">Training curves</h2>\n");
        var withHistory = runs.Where(r => r.History.Count > 0).ToList();
        if (withHistory.Count > 1)
            page.Chart("comparison", TrainingComparison.Create(withHistory.Select(r => (r.Name, r.History.AsEnumerable())), "Runs compared"));
        foreach (var run in runs)
        {
            if (run.History.Count > 0) page.Chart("curves", TrainingCurves.Create(run.History, $"{run.Name}: {ExperimentStageName(run)}"));
            else sb.Append("<p class=\"note\">").Append(WebUtility.HtmlEncode($"{run.Name}: no training history in {run.Folder}.")).Append("</p>\n");
        }

        sb.Append("<h2 id=\"cases\">Per-case metrics</h2>\n");
        foreach (var run in runs)
        {
            sb.Append("<h3>").Append(WebUtility.HtmlEncode(run.Name)).Append("</h3>\n")
              .Append("<div class=\"table per-case\" data-run=\"").Append(WebUtility.HtmlEncode(run.Name)).Append("\">")
              .Append(HtmlTables.Of(ResultsFrames.PerCase(run.Result.Cases), int.MaxValue)).Append("</div>\n");
        }

        sb.Append("<script type=\"text/javascript\">\n").Append(DrawScript).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Build"/> to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public static void Write(string path, IReadOnlyList<ReportRun> runs, HtmlReportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var html = Build(runs, options);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(path, html);
    }

    private static string ExperimentStageName(ReportRun run) =>
        run.Result.Config.EvaluatedStage == ExperimentStage.Locator ? "locator training" : "segmenter training";

    private static void RunList(StringBuilder sb, IReadOnlyList<ReportRun> runs)
    {
        var header = new[] { "Run", "Folder", "Device", "Epochs", "Best epoch", "Validation cases" };
        var rows = runs.Select(r =>
        {
            var stage = r.Result.Summary.Stage(r.Result.Config.EvaluatedStage);
            return (IReadOnlyList<string?>)new[]
            {
                r.Name, r.Folder, r.Result.Summary.Device, stage?.Epochs.ToString(CultureInfo.InvariantCulture),
                stage?.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Result.Cases.Count.ToString(CultureInfo.InvariantCulture),
            };
        });
        sb.Append("<div class=\"table\" id=\"runs\">").Append(HtmlTables.Table(header, rows)).Append("</div>\n");
    }

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
        .table { overflow-x: auto; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; white-space: nowrap; }
        th { background: #f3f3f3; }
        td:first-child, th:first-child { text-align: left; }
        .meta, .note { color: #666; }
        .chart { margin: 1em 0; }

        """;

    // Draws every chart from its JSON block once plotly.js (inlined above) is loaded.
    private const string DrawScript = """
        document.querySelectorAll('div.chart').forEach(function (div) {
          var figure = JSON.parse(document.getElementById(div.id + '-figure').textContent);
          Plotly.newPlot(div, figure.data, figure.layout, { responsive: true });
        });

        """;

    private sealed class Page
    {
        private int charts;

        public StringBuilder Html { get; } = new();

        public void Chart(string kind, GenericChart chart)
        {
            var id = $"chart-{++charts}";
            // "</" would end the script element inside a JSON string; "<\/" is the same string in JSON.
            var json = ChartExport.ToJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
            Html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\" id=\"{id}\" data-chart=\"{kind}\"></div>\n")
                .Append(CultureInfo.InvariantCulture, $"<script type=\"application/json\" id=\"{id}-figure\">").Append(json).Append("</script>\n");
        }
    }
}
