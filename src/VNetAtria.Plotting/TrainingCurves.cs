using Plotly.NET;
using VNetAtria.Plotting.Internal;
using VNetAtria.Training;

namespace VNetAtria.Plotting;

/// <summary>
/// Training curves per epoch in up to four panels: losses (train and validation), validation Dice, learning rate
/// (log scale) and the Hybrid loss's alpha (the weight of its region term; the Boundary term gets 1 - alpha). A panel
/// appears only when some epoch has its values.
/// </summary>
public static class TrainingCurves
{
    /// <summary>
    /// The curves of a trainer's history (<see cref="TrainingHistory.Read"/>, <see cref="TrainingResult.History"/>), in
    /// epoch order. NaN (no validation that epoch) leaves a gap.
    /// </summary>
    public static GenericChart Create(IEnumerable<EpochRecord> history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Create(history.Select(e => (e.Epoch, e.TrainLoss, Value(e.ValidationLoss), Value(e.ValidationDice), Value(e.LearningRate), Value(e.Alpha))), title);
    }

    /// <summary>The curves from tuples (epoch, train loss, validation loss, validation Dice, learning rate, alpha), in epoch order; null leaves a gap, a series without values its panel out.</summary>
    public static GenericChart Create(IEnumerable<(int Epoch, double TrainLoss, double? ValidationLoss, double? ValidationDice, double? LearningRate, double? Alpha)> history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.OrderBy(e => e.Epoch).ToList();
        if (epochs.Count == 0) throw new ArgumentException("The history has no epochs to draw.", nameof(history));
        var x = epochs.Select(e => e.Epoch).ToArray();
        var panels = new List<(string Title, string YTitle, bool Log, (string Name, double?[] Values, string Color)[] Series)>
        {
            ("Loss", "loss", false, [("train loss", epochs.Select(e => (double?)e.TrainLoss).ToArray(), "#1f77b4"),
                                     ("validation loss", epochs.Select(e => e.ValidationLoss).ToArray(), "#ff7f0e")]),
            ("Validation Dice", "Dice", false, [("validation Dice", epochs.Select(e => e.ValidationDice).ToArray(), "#2ca02c")]),
            ("Learning rate", "learning rate", true, [("learning rate", epochs.Select(e => e.LearningRate).ToArray(), "#9467bd")]),
            ("Alpha", "alpha", false, [("alpha", epochs.Select(e => e.Alpha).ToArray(), "#8c564b")]),
        };
        panels = panels
            .Select(p => p with { Series = p.Series.Where(s => s.Values.Any(v => v.HasValue)).ToArray() })
            .Where(p => p.Series.Length > 0).ToList();
        var grid = new SubplotGrid(panels.Count, 2);
        var traces = new List<Trace>();
        for (var i = 0; i < panels.Count; i++)
            foreach (var (name, values, color) in panels[i].Series)
                traces.Add(PlotlyFigure.Trace("scatter",
                    // Validation may run every few epochs: join its points rather than leave lone markers.
                    ("name", name), ("x", x), ("y", values), ("mode", "lines+markers"), ("connectgaps", true),
                    ("line", new Dictionary<string, object> { ["color"] = color }),
                    ("xaxis", SubplotGrid.XId(i)), ("yaxis", SubplotGrid.YId(i))));
        var layout = grid.Layout(panels.Select(p => p.Title).ToList(),
            _ => new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("epoch") },
            i =>
            {
                var y = new Dictionary<string, object> { ["title"] = PlotlyFigure.Title(panels[i].YTitle) };
                if (panels[i].Log) y["type"] = "log";
                return y;
            });
        layout.Add(("title", title is null ? null : PlotlyFigure.Title(title)));
        layout.Add(("height", 340 * grid.Rows + 100));
        layout.Add(("width", 1000));
        return PlotlyFigure.Chart(traces, layout.ToArray());
    }

    // A value the chart cannot draw (NaN: no validation that epoch) is a gap.
    private static double? Value(double v) => double.IsFinite(v) ? v : null;
}
