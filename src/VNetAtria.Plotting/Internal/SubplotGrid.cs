namespace VNetAtria.Plotting.Internal;

/// <summary>
/// A rows x columns arrangement of independent 2-D subplots: panel i (row-major from the top left) draws on axes
/// x{i+1} / y{i+1} whose domains tile the paper, with the panel title as an annotation above it (plotly.js's own
/// make_subplots does the same).
/// </summary>
internal sealed class SubplotGrid
{
    private const double Gap = 0.06;
    private const double RowGap = 0.16;

    public SubplotGrid(int panels, int columns)
    {
        if (panels < 1) throw new ArgumentOutOfRangeException(nameof(panels), panels, "A grid needs at least one panel.");
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "A grid needs at least one column.");
        Panels = panels;
        Columns = Math.Min(columns, panels);
        Rows = (panels + Columns - 1) / Columns;
    }

    public int Panels { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>The x axis id a trace of panel i names ("x", "x2", ...).</summary>
    public static string XId(int panel) => panel == 0 ? "x" : $"x{panel + 1}";

    /// <summary>The y axis id a trace of panel i names.</summary>
    public static string YId(int panel) => panel == 0 ? "y" : $"y{panel + 1}";

    /// <summary>The layout key of panel i's x axis ("xaxis", "xaxis2", ...).</summary>
    public static string XKey(int panel) => panel == 0 ? "xaxis" : $"xaxis{panel + 1}";

    /// <summary>The layout key of panel i's y axis.</summary>
    public static string YKey(int panel) => panel == 0 ? "yaxis" : $"yaxis{panel + 1}";

    public (double X0, double X1, double Y0, double Y1) Domain(int panel)
    {
        var (row, col) = (panel / Columns, panel % Columns);
        var width = (1.0 - Gap * (Columns - 1)) / Columns;
        // Rows need more room than columns: an x-axis title sits below each panel and the next panel's title above it.
        var height = (1.0 - RowGap * (Rows - 1)) / Rows;
        var x0 = col * (width + Gap);
        var y1 = 1.0 - row * (height + RowGap);
        return (x0, x0 + width, y1 - height, y1);
    }

    /// <summary>
    /// Layout attributes for every panel's axes: domains, anchors, titles and any extra attributes per axis;
    /// plus the panel titles as annotations.
    /// </summary>
    public List<(string Name, object? Value)> Layout(
        IReadOnlyList<string>? titles,
        Func<int, Dictionary<string, object>>? xAxis = null,
        Func<int, Dictionary<string, object>>? yAxis = null)
    {
        var attributes = new List<(string, object?)>();
        var annotations = new List<object>();
        for (var i = 0; i < Panels; i++)
        {
            var (x0, x1, y0, y1) = Domain(i);
            var x = xAxis?.Invoke(i) ?? [];
            x["domain"] = new[] { x0, x1 };
            x["anchor"] = YId(i);
            var y = yAxis?.Invoke(i) ?? [];
            y["domain"] = new[] { y0, y1 };
            y["anchor"] = XId(i);
            attributes.Add((XKey(i), x));
            attributes.Add((YKey(i), y));
            if (titles is not null && i < titles.Count)
                annotations.Add(new Dictionary<string, object>
                {
                    ["text"] = titles[i], ["showarrow"] = false, ["xref"] = "paper", ["yref"] = "paper",
                    ["x"] = (x0 + x1) / 2, ["y"] = y1, ["xanchor"] = "center", ["yanchor"] = "bottom",
                });
        }
        if (annotations.Count > 0) attributes.Add(("annotations", annotations));
        return attributes;
    }
}
