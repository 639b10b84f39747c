using Plotly.NET;
using VNetAtria.Imaging;
using VNetAtria.Plotting.Internal;

namespace VNetAtria.Plotting;

/// <summary>
/// What the locator saw: a 2-D plane of its probability map (a slice or a maximum projection, at the locator's
/// resolution) drawn at full-resolution voxel coordinates, with the foreground box it found and the crop window
/// (both full-resolution <see cref="Box3"/>s) as rectangles.
/// </summary>
public static class LocatorView
{
    /// <summary>
    /// Draws <paramref name="probability"/> (rows x columns of the <paramref name="plane"/>, locator resolution) with
    /// locator voxel j centred at full-resolution coordinate (j + 0.5) x <paramref name="scale"/> - 0.5, and the
    /// rectangles of <paramref name="box"/> and <paramref name="window"/> projected on the plane (edges at voxel borders).
    /// </summary>
    /// <param name="probability">The locator's foreground probability on the plane, values in [0, 1].</param>
    /// <param name="plane">Which plane: fixes the axis the rectangles are projected along.</param>
    /// <param name="box">The foreground's bounding box, full-resolution voxels.</param>
    /// <param name="window">The crop window, full-resolution voxels.</param>
    /// <param name="scale">Full-resolution voxels per locator voxel (the locator's downscale factor), &gt; 0.</param>
    /// <param name="title">Chart title, or null.</param>
    public static GenericChart Create(double[,] probability, SliceAxis plane, Box3 box, Box3 window, double scale, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(probability);
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale (full-resolution voxels per locator voxel) must be positive and finite.");
        if (probability.Length == 0) throw new ArgumentException("The probability plane is empty.", nameof(probability));
        var (rowAxis, colAxis) = SlicePlanes.PlaneAxes(plane);
        double Centre(int j) => PlotlyFigure.Round((j + 0.5) * scale - 0.5, 6);
        var heat = PlotlyFigure.Trace("heatmap",
            ("name", "locator probability"),
            ("z", PlotlyFigure.Rows(probability, v => double.IsFinite(v) ? PlotlyFigure.Round(v, 3) : null)),
            ("x", Enumerable.Range(0, probability.GetLength(1)).Select(Centre).ToArray()),
            ("y", Enumerable.Range(0, probability.GetLength(0)).Select(Centre).ToArray()),
            ("colorscale", "Viridis"), ("zmin", 0), ("zmax", 1),
            ("colorbar", new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("p") }));
        object Rect(Box3 b, string color, string dash) => new Dictionary<string, object>
        {
            ["type"] = "rect", ["xref"] = "x", ["yref"] = "y",
            ["x0"] = b.Start[colAxis] - 0.5, ["x1"] = b.End[colAxis] - 0.5,
            ["y0"] = b.Start[rowAxis] - 0.5, ["y1"] = b.End[rowAxis] - 0.5,
            ["line"] = new Dictionary<string, object> { ["color"] = color, ["width"] = 2, ["dash"] = dash },
        };
        // Legend entries for the two rectangles (shapes have none): invisible line traces with the same style.
        Trace Key(string name, string color, string dash) => PlotlyFigure.Trace("scatter",
            ("name", name), ("x", new double?[] { null }), ("y", new double?[] { null }), ("mode", "lines"),
            ("line", new Dictionary<string, object> { ["color"] = color, ["dash"] = dash }));
        var y = new Dictionary<string, object>
        {
            ["title"] = PlotlyFigure.Title($"{SlicePlanes.AxisName(rowAxis)} (full-resolution voxels)"),
            ["scaleanchor"] = "x", ["scaleratio"] = 1,
        };
        if (SlicePlanes.RowsDownward(plane)) y["autorange"] = "reversed";
        return PlotlyFigure.Chart([heat, Key("foreground box", "#ff1744", "solid"), Key("crop window", "#ffffff", "dash")],
            ("title", title is null ? null : PlotlyFigure.Title(title)),
            ("xaxis", new Dictionary<string, object> { ["title"] = PlotlyFigure.Title($"{SlicePlanes.AxisName(colAxis)} (full-resolution voxels)") }),
            ("yaxis", y),
            ("shapes", new[] { Rect(box, "#ff1744", "solid"), Rect(window, "#ffffff", "dash") }),
            // Below the plot: the colour bar takes the right-hand side.
            ("legend", new Dictionary<string, object> { ["orientation"] = "h", ["y"] = -0.15 }),
            ("showlegend", true), ("width", 800), ("height", 720));
    }

    /// <summary>
    /// The same from the locator's probability volume: its maximum projection along the plane's fixed axis.
    /// </summary>
    public static GenericChart FromVolume(Volume<float> probability, SliceAxis plane, Box3 box, Box3 window, double scale, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(probability);
        return Create(SlicePlanes.MaxProjection(probability, plane), plane, box, window, scale, title);
    }
}
