using System.Text.Json;
using Plotly.NET;
using VNetAtria.Plotting;

namespace VNetAtria.Tests.Plotting;

/// <summary>Parses a chart's plotly.js JSON and checks its HTML, the way a browser would receive them.</summary>
internal static class ChartJson
{
    public static JsonElement Parse(GenericChart chart)
    {
        using var doc = JsonDocument.Parse(ChartExport.ToJson(chart));
        var root = doc.RootElement.Clone();
        Assert.Equal(JsonValueKind.Array, root.GetProperty("data").ValueKind);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("layout").ValueKind);
        return root;
    }

    public static JsonElement[] Traces(JsonElement figure) => figure.GetProperty("data").EnumerateArray().ToArray();

    public static JsonElement Layout(JsonElement figure) => figure.GetProperty("layout");

    public static string AxisTitle(JsonElement figure, string axisKey) =>
        Layout(figure).GetProperty(axisKey).GetProperty("title").GetProperty("text").GetString()!;

    public static int Rows(JsonElement z) => z.GetArrayLength();

    public static int Columns(JsonElement z) => z[0].GetArrayLength();

    /// <summary>The HTML forms hold the plotly div and the script that calls Plotly.newPlot on it.</summary>
    public static void AssertHtml(GenericChart chart)
    {
        var fragment = ChartExport.ToHtmlFragment(chart);
        Assert.Contains("<div id=\"", fragment);
        Assert.Contains("Plotly.newPlot(", fragment);
        var document = ChartExport.ToHtmlDocument(chart);
        Assert.StartsWith("<!DOCTYPE html>", document.TrimStart());
        Assert.Contains("plotly", document);
        Assert.Contains("Plotly.newPlot(", document);
    }
}
