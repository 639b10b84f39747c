using System.Numerics;
using Plotly.NET;
using VNetAtria.Imaging;
using VNetAtria.Plotting.Internal;

namespace VNetAtria.Plotting;

/// <summary>
/// Intensity histograms, binned in .NET (the chart holds counts, not voxels): one volume, or the same image before and
/// after intensity normalisation side by side (each with its own x range, since normalisation changes the scale).
/// </summary>
public static class IntensityHistograms
{
    /// <summary>The histogram of one volume's finite voxel values in <paramref name="bins"/> equal-width bins.</summary>
    public static GenericChart Of<T>(Volume<T> volume, int bins = 64, string name = "intensity") where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        var h = HistogramBins.Of(volume.Data.Select(v => double.CreateTruncating(v)), bins);
        return PlotlyFigure.Chart([Bars(h, name, null, null)],
            ("xaxis", new Dictionary<string, object> { ["title"] = PlotlyFigure.Title(name) }),
            ("yaxis", new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("voxels") }),
            ("bargap", 0), ("width", 700), ("height", 420));
    }

    /// <summary>Two histograms side by side: the volume before normalisation and after (each binned over its own range).</summary>
    public static GenericChart BeforeAfter<TBefore, TAfter>(Volume<TBefore> before, Volume<TAfter> after, int bins = 64,
        string beforeTitle = "before normalisation", string afterTitle = "after normalisation")
        where TBefore : unmanaged, INumber<TBefore> where TAfter : unmanaged, INumber<TAfter>
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var grid = new SubplotGrid(2, 2);
        var traces = new[]
        {
            Bars(HistogramBins.Of(before.Data.Select(v => double.CreateTruncating(v)), bins), beforeTitle, "x", "y"),
            Bars(HistogramBins.Of(after.Data.Select(v => double.CreateTruncating(v)), bins), afterTitle, "x2", "y2"),
        };
        var layout = grid.Layout([beforeTitle, afterTitle],
            _ => new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("intensity") },
            _ => new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("voxels") });
        layout.Add(("bargap", 0));
        layout.Add(("width", 1000));
        layout.Add(("height", 420));
        layout.Add(("showlegend", false));
        return PlotlyFigure.Chart(traces, layout.ToArray());
    }

    private static Trace Bars(HistogramBins h, string name, string? xAxis, string? yAxis) =>
        PlotlyFigure.Trace("bar",
            ("name", name),
            ("x", h.Centres.Select(c => PlotlyFigure.Round(c, 6)).ToArray()),
            ("y", h.Counts),
            ("width", h.Width),
            ("xaxis", xAxis), ("yaxis", yAxis));
}
