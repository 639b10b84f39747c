using System.Numerics;
using Plotly.NET;
using VNetAtria.Imaging;
using VNetAtria.Plotting.Internal;

namespace VNetAtria.Plotting;

/// <summary>
/// A grid of 2-D slices with titles: an original and its augmented variants, each panel grey-scaled over its own
/// range (augmentations may change intensities), rows drawn top to bottom.
/// </summary>
public static class AugmentationGallery
{
    /// <summary>The panels in row-major order, <paramref name="columns"/> per row.</summary>
    public static GenericChart Create(IReadOnlyList<(string Title, double[,] Slice)> panels, int columns = 4, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("The gallery needs at least one panel.", nameof(panels));
        var grid = new SubplotGrid(panels.Count, columns);
        var traces = new List<Trace>();
        for (var i = 0; i < panels.Count; i++)
        {
            var slice = panels[i].Slice ?? throw new ArgumentException($"Panel {i} ('{panels[i].Title}') has no slice.", nameof(panels));
            traces.Add(PlotlyFigure.Trace("heatmap",
                ("name", panels[i].Title),
                ("z", PlotlyFigure.Rows(slice, v => double.IsFinite(v) ? PlotlyFigure.Round(v) : null)),
                ("colorscale", new object[] { new object[] { 0, "black" }, new object[] { 1, "white" } }),
                ("showscale", false),
                ("xaxis", SubplotGrid.XId(i)), ("yaxis", SubplotGrid.YId(i))));
        }
        var layout = grid.Layout(panels.Select(p => p.Title).ToList(),
            _ => new Dictionary<string, object> { ["showticklabels"] = false, ["constrain"] = "domain" },
            i => new Dictionary<string, object>
            {
                ["showticklabels"] = false, ["autorange"] = "reversed", ["constrain"] = "domain",
                ["scaleanchor"] = SubplotGrid.XId(i), ["scaleratio"] = 1,
            });
        layout.Add(("title", title is null ? null : PlotlyFigure.Title(title)));
        layout.Add(("height", 260 * grid.Rows + 80));
        layout.Add(("width", 260 * grid.Columns + 40));
        return PlotlyFigure.Chart(traces, layout.ToArray());
    }

    /// <summary>The same from single-precision slices.</summary>
    public static GenericChart Create(IReadOnlyList<(string Title, float[,] Slice)> panels, int columns = 4, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        return Create(panels.Select(p => (p.Title, ToDouble(p.Slice))).ToList(), columns, title);
    }

    /// <summary>Slice <paramref name="sliceIndex"/> of each volume along <paramref name="axis"/>.</summary>
    public static GenericChart FromVolumes<T>(IReadOnlyList<(string Title, Volume<T> Volume)> volumes, int sliceIndex, SliceAxis axis = SliceAxis.Axial,
        int columns = 4, string? title = null) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volumes);
        return Create(volumes.Select(v => (v.Title, SlicePlanes.Extract(v.Volume, axis, sliceIndex))).ToList(), columns, title);
    }

    private static double[,] ToDouble(float[,] slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var result = new double[slice.GetLength(0), slice.GetLength(1)];
        for (var r = 0; r < result.GetLength(0); r++)
            for (var c = 0; c < result.GetLength(1); c++)
                result[r, c] = slice[r, c];
        return result;
    }
}
