using Plotly.NET;

namespace VNetAtria.Plotting.Internal;

/// <summary>
/// Builds Plotly figures from raw trace and layout properties. The typed Plotly.NET builders cover common charts; the
/// slice viewer needs visibility toggled per trace by slider steps, subplot domains and layout shapes, which are
/// plain plotly.js attributes, so every chart here sets them by name (the names are plotly.js's reference).
/// </summary>
internal static class PlotlyFigure
{
    /// <summary>A trace of the given plotly.js type with the given attributes (null values are left out).</summary>
    public static Trace Trace(string type, params (string Name, object? Value)[] attributes)
    {
        Trace trace = type is "mesh3d" or "scatter3d" or "surface" ? new Trace3D(type) : new Trace2D(type);
        foreach (var (name, value) in attributes)
            if (value is not null) trace.SetProperty(name, value);
        return trace;
    }

    /// <summary>A chart of the traces with a layout made of the given attributes.</summary>
    public static GenericChart Chart(IEnumerable<Trace> traces, params (string Name, object? Value)[] layoutAttributes)
    {
        var list = traces.ToList();
        var chart = list.Count == 0
            ? GenericChart.ofTraceObject(true, new Trace2D("scatter"))
            : GenericChart.ofTraceObjects(true, list);
        var layout = new Layout();
        foreach (var (name, value) in layoutAttributes)
            if (value is not null) layout.SetProperty(name, value);
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>An axis title object.</summary>
    public static object Title(string text) => new Dictionary<string, object> { ["text"] = text };

    /// <summary>Rows of a 2-D array as nested arrays (plotly's z layout: z[row][column]).</summary>
    public static double?[][] Rows(double[,] values, Func<double, double?>? map = null)
    {
        var rows = new double?[values.GetLength(0)][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = new double?[values.GetLength(1)];
            for (var c = 0; c < rows[r].Length; c++)
            {
                var v = values[r, c];
                rows[r][c] = map is null ? (double.IsFinite(v) ? v : null) : map(v);
            }
        }
        return rows;
    }

    /// <summary>Rounds to <paramref name="significant"/> significant digits to keep the HTML small.</summary>
    public static double Round(double value, int significant = 4)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var scale = Math.Pow(10, significant - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }
}
