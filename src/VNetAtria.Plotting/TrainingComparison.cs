using Plotly.NET;
using VNetAtria.Plotting.Internal;
using VNetAtria.Training;

namespace VNetAtria.Plotting;

/// <summary>
/// Several runs' training curves on shared axes, to compare experiments: validation Dice and training loss per epoch,
/// one colour per run (the same colour in both panels).
/// </summary>
public static class TrainingComparison
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The runs' validation Dice (left) and training loss (right) per epoch, in the order given.</summary>
    /// <param name="runs">Each run's name and trainer history (NaN, no validation that epoch, leaves a gap); runs without epochs are left out.</param>
    /// <param name="title">The chart's title.</param>
    public static GenericChart Create(IEnumerable<(string Run, IEnumerable<EpochRecord> History)> runs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.Select(r => (r.Run, Epochs: r.History.OrderBy(e => e.Epoch).ToList())).Where(r => r.Epochs.Count > 0).ToList();
        if (list.Count == 0) throw new ArgumentException("No run has epochs to draw.", nameof(runs));
        var grid = new SubplotGrid(2, 2);
        var traces = new List<Trace>();
        for (var i = 0; i < list.Count; i++)
        {
            var (run, epochs) = list[i];
            var x = epochs.Select(e => e.Epoch).ToArray();
            var line = new Dictionary<string, object> { ["color"] = Palette[i % Palette.Length] };
            traces.Add(PlotlyFigure.Trace("scatter", ("name", run), ("legendgroup", run), ("x", x), ("y", epochs.Select(e => Value(e.ValidationDice)).ToArray()),
                ("mode", "lines+markers"), ("connectgaps", true), ("line", line), ("xaxis", SubplotGrid.XId(0)), ("yaxis", SubplotGrid.YId(0))));
            traces.Add(PlotlyFigure.Trace("scatter", ("name", run), ("legendgroup", run), ("showlegend", false), ("x", x),
                ("y", epochs.Select(e => (double?)e.TrainLoss).ToArray()), ("mode", "lines+markers"), ("line", line),
                ("xaxis", SubplotGrid.XId(1)), ("yaxis", SubplotGrid.YId(1))));
        }
        var layout = grid.Layout(["Validation Dice", "Training loss"],
            _ => new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("epoch") },
            i => new Dictionary<string, object> { ["title"] = PlotlyFigure.Title(i == 0 ? "Dice" : "loss") });
        layout.Add(("title", title is null ? null : PlotlyFigure.Title(title)));
        layout.Add(("height", 440));
        layout.Add(("width", 1000));
        return PlotlyFigure.Chart(traces, layout.ToArray());
    }

    private static double? Value(double v) => double.IsFinite(v) ? v : null;
}
