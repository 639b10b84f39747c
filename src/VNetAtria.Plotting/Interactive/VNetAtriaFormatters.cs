using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting.Tables;

namespace VNetAtria.Plotting.Interactive;

/// <summary>
/// .NET Interactive display of VNetAtria types: call <see cref="Register"/> once in a notebook and a cell whose value is
/// a volume, a list of <see cref="CaseMetrics"/> or <see cref="MetricSummary"/>, or a <see cref="DataFrame"/> shows as
/// HTML (a summary table, plus the orthogonal mid-slices for volumes); so does a Plotly.NET chart (when the kernel can
/// load Plotly.NET: see <see cref="NotebookCharts"/>).
/// </summary>
public static class VNetAtriaFormatters
{
    /// <summary>HTML mime type the formatters are registered for.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary>
    /// Registers the text/html formatters. Safe to call again (the latest registration wins).
    /// </summary>
    /// <param name="volumeCharts">Draw the three orthogonal mid-slices under a volume's summary (adds ~0.3 MB per volume shown).</param>
    /// <param name="maxRows">At most this many rows of a table are shown.</param>
    public static void Register(bool volumeCharts = true, int maxRows = 100)
    {
        Formatter.Register<IVolume>((volume, writer) => writer.Write(VolumeHtml(volume, volumeCharts)), HtmlMimeType);
        Formatter.Register<IEnumerable<CaseMetrics>>((cases, writer) => writer.Write(HtmlTables.Of(ResultsFrames.PerCase(cases), maxRows)), HtmlMimeType);
        Formatter.Register<CaseMetrics>((m, writer) => writer.Write(HtmlTables.Of(ResultsFrames.PerCase([m]), maxRows)), HtmlMimeType);
        Formatter.Register<IEnumerable<MetricSummary>>((s, writer) => writer.Write(HtmlTables.Of(ResultsFrames.Summary(s), maxRows)), HtmlMimeType);
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(HtmlTables.Of(frame, maxRows)), HtmlMimeType);
        NotebookCharts.TryRegisterChartFormatter();
    }

    /// <summary>A volume's HTML: shape, voxel type, geometry and intensity statistics, and optionally its orthogonal mid-slices.</summary>
    public static string VolumeHtml(IVolume volume, bool withChart = true)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var stats = VolumeStatistics.Of(volume);
        var g = volume.Geometry;
        string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string?>>
        {
            new[] { "Shape (D, H, W)", volume.Shape.ToString() },
            new[] { "Voxel type", volume.VoxelType.ToString() },
            new[] { "Spacing", g.Spacing.ToString() },
            new[] { "Origin (LPS mm)", g.Origin.ToString() },
            new[] { "Axes D, H, W (LPS)", $"{g.AxisD} {g.AxisH} {g.AxisW}" },
            new[] { "Min / max", $"{N(stats.Min)} / {N(stats.Max)}" },
            new[] { "Mean ± std", $"{N(stats.Mean)} ± {N(stats.StandardDeviation)}" },
        };
        if (stats.DistinctValues is { } distinct)
            rows.Add(new[] { "Distinct values", string.Join(", ", distinct.Select(N)) });
        var html = HtmlTables.Table(["Property", "Value"], rows, "Volume");
        if (!withChart) return html;
        try
        {
            return html + ChartExport.ToNotebookHtml(volume.Accept(new MidSlices()));
        }
        catch (Exception ex) when (ex is TypeInitializationException or MissingMethodException or FileNotFoundException or FileLoadException)
        {
            // A kernel whose FSharp.Core is older than Plotly.NET's (dotnet-interactive 1.0.712001 loads 10.0, Plotly.NET 6
            // needs 10.1) cannot draw charts; the table still shows, with the reason.
            var reason = System.Net.WebUtility.HtmlEncode($"{ex.GetType().Name}: {(ex.InnerException ?? ex).Message}");
            return html + $"<p><em>Mid-slice chart unavailable in this kernel ({reason}).</em></p>";
        }
    }

    private sealed class MidSlices : IVolumeFunc<Plotly.NET.GenericChart>
    {
        public Plotly.NET.GenericChart Invoke<T>(Volume<T> volume) where T : unmanaged, System.Numerics.INumber<T> =>
            SliceViewer.Orthogonal(volume, options: new SliceViewerOptions { MaxInPlane = 128 });
    }
}
