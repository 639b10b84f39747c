using System.Numerics;
using Plotly.NET;
using VNetAtria.Imaging;
using VNetAtria.Plotting.Internal;

namespace VNetAtria.Plotting;

/// <summary>
/// Slice views of a volume with optional label (reference) and prediction overlays: one plane with a slider through its
/// slices (<see cref="Scroll{T}"/>), or the three orthogonal planes through one point (<see cref="Orthogonal{T}"/>).
/// Axes are in mm (index x spacing) with equal scale, so anisotropic voxels keep their physical aspect.
/// </summary>
public static class SliceViewer
{
    /// <summary>
    /// One plane with a slider: each slider step shows one slice (and its overlays) by toggling trace visibility.
    /// Overlays must have the image's shape; a voxel is foreground when above <see cref="SliceViewerOptions.OverlayThreshold"/>.
    /// </summary>
    public static GenericChart Scroll<T>(Volume<T> image, SliceAxis axis, IVolume? label = null, IVolume? prediction = null, SliceViewerOptions? options = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(image);
        var o = (options ?? new SliceViewerOptions()).Validated();
        var layers = Layers(image, label, prediction, o);
        var fixedAxis = SlicePlanes.FixedAxis(axis);
        var extent = image.Shape[fixedAxis];
        var slices = SliceIndices(extent, o.MaxSlices);
        var step = InPlaneStep(image.Shape, axis, o.MaxInPlane);
        var window = o.Window ?? IntensityWindow(image);

        var traces = new List<Trace>();
        var perSlice = 0;
        foreach (var (k, index) in slices.Select((s, k) => (k, s)))
        {
            var planeTraces = PlaneTraces(image, layers, axis, index, step, window, o, visible: k == 0, xAxis: null, yAxis: null);
            perSlice = planeTraces.Count;
            traces.AddRange(planeTraces);
        }
        var steps = slices.Select((index, k) => new Dictionary<string, object>
        {
            ["method"] = "restyle",
            ["label"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["args"] = new object[] { new Dictionary<string, object> { ["visible"] = Enumerable.Range(0, traces.Count).Select(t => t / perSlice == k).ToArray() } },
        }).ToArray();
        var slider = new Dictionary<string, object>
        {
            ["active"] = 0,
            ["currentvalue"] = new Dictionary<string, object> { ["prefix"] = $"{axis} slice {SlicePlanes.AxisName(fixedAxis)} = " },
            ["pad"] = new Dictionary<string, object> { ["t"] = 40 },
            ["steps"] = steps,
        };
        var (xTitle, yTitle) = AxisTitles(axis);
        return PlotlyFigure.Chart(traces,
            ("title", o.Title is null ? null : PlotlyFigure.Title(o.Title)),
            ("xaxis", new Dictionary<string, object> { ["title"] = PlotlyFigure.Title(xTitle), ["constrain"] = "domain" }),
            ("yaxis", YAxis(axis, yTitle, "x")),
            ("sliders", new[] { slider }),
            ("width", 800), ("height", 800),
            ("showlegend", true));
    }

    /// <summary>
    /// The axial, coronal and sagittal planes through <paramref name="at"/> (default: the label's centroid when a label is
    /// given, else the volume's centre), side by side.
    /// </summary>
    public static GenericChart Orthogonal<T>(Volume<T> image, IVolume? label = null, IVolume? prediction = null, Index3? at = null, SliceViewerOptions? options = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(image);
        var o = (options ?? new SliceViewerOptions()).Validated();
        var layers = Layers(image, label, prediction, o);
        var window = o.Window ?? IntensityWindow(image);
        var axes = new[] { SliceAxis.Axial, SliceAxis.Coronal, SliceAxis.Sagittal };
        var point = at ?? (layers.Label is { } l
            ? new Index3(SlicePlanes.ThroughCentroid(l, SliceAxis.Axial), SlicePlanes.ThroughCentroid(l, SliceAxis.Coronal), SlicePlanes.ThroughCentroid(l, SliceAxis.Sagittal))
            : new Index3(image.Shape.Depth / 2, image.Shape.Height / 2, image.Shape.Width / 2));
        if (!Box3.Whole(image.Shape).Contains(point))
            throw new ArgumentOutOfRangeException(nameof(at), point, $"The point {point} is outside the volume of shape {image.Shape}.");
        var grid = new SubplotGrid(3, 3);
        var traces = new List<Trace>();
        var titles = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var axis = axes[i];
            var index = point[SlicePlanes.FixedAxis(axis)];
            var planeTraces = PlaneTraces(image, layers, axis, index, InPlaneStep(image.Shape, axis, o.MaxInPlane), window, o, visible: true,
                xAxis: SubplotGrid.XId(i), yAxis: SubplotGrid.YId(i));
            // One legend entry per overlay is enough.
            if (i > 0) foreach (var t in planeTraces) t.SetProperty("showlegend", false);
            traces.AddRange(planeTraces);
            titles.Add($"{axis} {SlicePlanes.AxisName(SlicePlanes.FixedAxis(axis))} = {index}");
        }
        var layout = grid.Layout(titles,
            i => new Dictionary<string, object> { ["title"] = PlotlyFigure.Title(AxisTitles(axes[i]).X), ["constrain"] = "domain" },
            i => YAxis(axes[i], AxisTitles(axes[i]).Y, SubplotGrid.XId(i)));
        layout.Add(("title", o.Title is null ? null : PlotlyFigure.Title(o.Title)));
        layout.Add(("width", 1200));
        layout.Add(("height", 480));
        return PlotlyFigure.Chart(traces, layout.ToArray());
    }

    private sealed record OverlayLayers(Volume<float>? Label, Volume<float>? Prediction);

    private static OverlayLayers Layers<T>(Volume<T> image, IVolume? label, IVolume? prediction, SliceViewerOptions o) where T : unmanaged, INumber<T>
    {
        Volume<float>? Convert(IVolume? v, string name)
        {
            if (v is null) return null;
            if (v.Shape != image.Shape)
                throw new ArgumentException($"SliceViewer: the {name} has shape {v.Shape}, the image {image.Shape}; overlays must match the image voxel for voxel (resample or crop them first).", name);
            var f = v.ConvertTo<float>();
            var data = f.Data;
            for (var i = 0; i < data.Length; i++) data[i] = data[i] > o.OverlayThreshold ? 1f : 0f;
            return f;
        }
        return new OverlayLayers(Convert(label, "label"), Convert(prediction, "prediction"));
    }

    /// <summary>At most <paramref name="max"/> slice indices spread evenly over 0..extent-1, always including the ends.</summary>
    internal static int[] SliceIndices(int extent, int max)
    {
        if (extent <= max) return Enumerable.Range(0, extent).ToArray();
        if (max == 1) return [extent / 2];
        return Enumerable.Range(0, max).Select(k => (int)Math.Round(k * (extent - 1) / (double)(max - 1), MidpointRounding.AwayFromZero)).Distinct().ToArray();
    }

    internal static int InPlaneStep(Shape3 shape, SliceAxis axis, int maxInPlane)
    {
        var (r, c) = SlicePlanes.PlaneAxes(axis);
        var longer = Math.Max(shape[r], shape[c]);
        return Math.Max(1, (longer + maxInPlane - 1) / maxInPlane);
    }

    /// <summary>The 0.5th and 99.5th percentiles of (up to a million evenly strided) voxels: a window robust to a few bright voxels.</summary>
    internal static (double Min, double Max) IntensityWindow<T>(Volume<T> image) where T : unmanaged, INumber<T>
    {
        var data = image.Data;
        var stride = Math.Max(1, data.Length / 1_000_000);
        var sample = new List<double>(data.Length / stride + 1);
        for (var i = 0; i < data.Length; i += stride)
        {
            var v = double.CreateTruncating(data[i]);
            if (double.IsFinite(v)) sample.Add(v);
        }
        if (sample.Count == 0) return (0, 1);
        sample.Sort();
        var lo = sample[(int)(0.005 * (sample.Count - 1))];
        var hi = sample[(int)Math.Ceiling(0.995 * (sample.Count - 1))];
        return lo < hi ? (lo, hi) : (lo - 0.5, lo + 0.5);
    }

    private static (string X, string Y) AxisTitles(SliceAxis axis)
    {
        var (r, c) = SlicePlanes.PlaneAxes(axis);
        return ($"{SlicePlanes.AxisName(c)} (mm)", $"{SlicePlanes.AxisName(r)} (mm)");
    }

    private static Dictionary<string, object> YAxis(SliceAxis axis, string title, string anchorX)
    {
        var y = new Dictionary<string, object>
        {
            ["title"] = PlotlyFigure.Title(title),
            // Equal mm per pixel on both axes: the slice keeps its physical aspect.
            ["scaleanchor"] = anchorX,
            ["scaleratio"] = 1,
            ["constrain"] = "domain",
        };
        if (SlicePlanes.RowsDownward(axis)) y["autorange"] = "reversed";
        return y;
    }

    private static List<Trace> PlaneTraces<T>(Volume<T> image, OverlayLayers layers, SliceAxis axis, int index, int step, (double Min, double Max) window,
        SliceViewerOptions o, bool visible, string? xAxis, string? yAxis) where T : unmanaged, INumber<T>
    {
        var (rowAxis, colAxis) = SlicePlanes.PlaneAxes(axis);
        var spacing = image.Geometry.Spacing;
        var plane = SlicePlanes.Extract(image, axis, index, step);
        var x = Enumerable.Range(0, plane.GetLength(1)).Select(c => PlotlyFigure.Round(c * step * spacing[colAxis])).ToArray();
        var y = Enumerable.Range(0, plane.GetLength(0)).Select(r => PlotlyFigure.Round(r * step * spacing[rowAxis])).ToArray();
        var traces = new List<Trace>
        {
            PlotlyFigure.Trace("heatmap",
                ("name", "image"), ("z", PlotlyFigure.Rows(plane, v => double.IsFinite(v) ? PlotlyFigure.Round(v) : null)), ("x", x), ("y", y),
                ("colorscale", new object[] { new object[] { 0, "black" }, new object[] { 1, "white" } }),
                ("zmin", window.Min), ("zmax", window.Max), ("showscale", false), ("visible", visible),
                ("xaxis", xAxis), ("yaxis", yAxis)),
        };
        void AddOverlay(Volume<float>? mask, string name, OverlayStyle style, string color)
        {
            if (mask is null) return;
            var z = PlotlyFigure.Rows(SlicePlanes.Extract(mask, axis, index, step), v => v > 0 ? 1 : style == OverlayStyle.Contour ? 0 : null);
            traces.Add(style == OverlayStyle.Contour
                ? PlotlyFigure.Trace("contour",
                    ("name", name), ("z", z), ("x", x), ("y", y), ("showscale", false), ("hoverinfo", "skip"),
                    ("contours", new Dictionary<string, object> { ["coloring"] = "none", ["start"] = 0.5, ["end"] = 0.5, ["size"] = 1 }),
                    ("line", new Dictionary<string, object> { ["color"] = color, ["width"] = 2 }),
                    ("showlegend", true), ("legendgroup", name), ("visible", visible), ("xaxis", xAxis), ("yaxis", yAxis))
                : PlotlyFigure.Trace("heatmap",
                    ("name", name), ("z", z), ("x", x), ("y", y), ("showscale", false), ("hoverinfo", "skip"),
                    ("colorscale", new object[] { new object[] { 0, color }, new object[] { 1, color } }), ("zmin", 0), ("zmax", 1),
                    ("opacity", o.OverlayOpacity), ("showlegend", true), ("legendgroup", name), ("visible", visible), ("xaxis", xAxis), ("yaxis", yAxis)));
        }
        AddOverlay(layers.Label, "label", o.LabelStyle, o.LabelColour);
        AddOverlay(layers.Prediction, "prediction", o.PredictionStyle, o.PredictionColour);
        return traces;
    }
}
