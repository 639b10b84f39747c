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

    /// <summary>Writes <see cref="ToHtmlDocument"/> to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public static void SaveHtml(GenericChart chart, string path) => AtomicFile.WriteAllText(path, ToHtmlDocument(chart));

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically.</summary>
    public static void SaveJson(GenericChart chart, string path) => AtomicFile.WriteAllText(path, ToJson(chart));
}
