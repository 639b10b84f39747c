using Plotly.NET;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Plotting;

/// <summary>Turns charts into HTML and JSON (Plotly.NET's own serialisers) and writes them to files atomically.</summary>
public static class ChartExport
{
    /// <summary>The chart's figure as plotly.js JSON: {"data": [...], "layout": {...}}.</summary>
    public static string ToJson(GenericChart chart) => GenericChart.toJson(chart);

    /// <summary>
    /// A fragment to embed in a page: the chart's div and the script that draws it (Plotly.NET's toChartHTML). The page
    /// must load plotly.js itself (a notebook front end does).
    /// </summary>
    public static string ToHtmlFragment(GenericChart chart) => GenericChart.toChartHTML(chart);

    /// <summary>A complete HTML document that loads plotly.js from its CDN and draws the chart (Plotly.NET's toEmbeddedHTML).</summary>
    public static string ToHtmlDocument(GenericChart chart) => GenericChart.toEmbeddedHTML(chart);

    /// <summary>
    /// A self-contained fragment for notebook output cells: the chart's div and a script that draws it, first loading
    /// plotly.js (the version Plotly.NET targets, from its CDN) when the page has none. Notebook front ends differ in
    /// whether plotly.js is already there; this works either way without Plotly.NET.Interactive.
    /// </summary>
    public static string ToNotebookHtml(GenericChart chart)
    {
        var id = "vnetatria-" + Guid.NewGuid().ToString("N");
        var figure = ToJson(chart).Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <div id="{{id}}"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              var draw = function () { Plotly.newPlot('{{id}}', figure.data, figure.layout, { responsive: true }); };
              if (typeof Plotly !== 'undefined') { draw(); return; }
              var script = document.createElement('script');
              script.src = '{{PlotlyJsUrl.Value}}';
              script.onload = draw;
              document.head.appendChild(script);
            })();
            </script>
            """;
    }

    /// <summary>The plotly.js CDN address Plotly.NET's own documents use (read from one, so it follows the package version).</summary>
    private static readonly Lazy<string> PlotlyJsUrl = new(() =>
    {
        var page = ToHtmlDocument(GenericChart.ofTraceObject(true, new Trace2D("scatter")));
        var match = System.Text.RegularExpressions.Regex.Match(page, @"https://cdn\.plot\.ly/plotly-[0-9.]+(\.min)?\.js");
        return match.Success ? match.Value : "https://cdn.plot.ly/plotly-2.28.0.min.js";
    });

    /// <summary>
    /// A complete HTML document with plotly.js inlined (about 3.6 MB more): opens without a network connection, for
    /// CI artefacts, reports and headless rendering.
    /// </summary>
    public static string ToSelfContainedHtmlDocument(GenericChart chart)
    {
        // F# optional arguments: null is None for every option but the plotly.js reference.
        var inline = DisplayOptions.init(null, null, null, null, null, null, Microsoft.FSharp.Core.FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        return GenericChart.toEmbeddedHTML(GenericChart.addDisplayOptions(inline, chart));
    }

    /// <summary>
    /// Writes the chart's HTML document to <paramref name="path"/> atomically (a temporary file renamed into place):
    /// self-contained (plotly.js inlined) when <paramref name="selfContained"/>, else loading plotly.js from its CDN.
    /// </summary>
    public static void SaveHtml(GenericChart chart, string path, bool selfContained = false) =>
        AtomicFile.WriteAllText(path, selfContained ? ToSelfContainedHtmlDocument(chart) : ToHtmlDocument(chart));

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically.</summary>
    public static void SaveJson(GenericChart chart, string path) => AtomicFile.WriteAllText(path, ToJson(chart));
}
