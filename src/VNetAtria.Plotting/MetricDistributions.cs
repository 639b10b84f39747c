using Plotly.NET;
using VNetAtria.Metrics;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace VNetAtria.Plotting;

/// <summary>
/// Per-case metric distributions across experiments: one box (or violin) per experiment, every case a point labelled
/// with its case id, for one metric of <see cref="CaseMetrics.Columns"/> ("Dice", "IoU", "HD95 (mm)", ...).
/// </summary>
public static class MetricDistributions
{
    /// <summary>The metric's distribution per experiment, in the order given.</summary>
    public static GenericChart Create(IEnumerable<(string Experiment, IEnumerable<CaseMetrics> Cases)> experiments, string metric = "Dice",
        DistributionKind kind = DistributionKind.Box, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var column = CaseMetrics.Columns.FirstOrDefault(c => string.Equals(c.Name, metric, StringComparison.OrdinalIgnoreCase));
        if (column.Name is null)
            throw new ArgumentException($"Unknown metric '{metric}'; use one of: {string.Join(", ", CaseMetrics.Columns.Select(c => c.Name))}.", nameof(metric));
        var charts = new List<GenericChart>();
        foreach (var (experiment, cases) in experiments)
        {
            var list = cases.ToList();
            var values = list.Select(column.Value).ToArray();
            var ids = list.Select(c => c.CaseId).ToArray();
            charts.Add(kind == DistributionKind.Box
                ? CSharpChart.BoxPlot<string, double, string>(
                    Y: values, Name: experiment, MultiText: ids, BoxPoints: StyleParam.BoxPoints.All, BoxMean: StyleParam.BoxMean.True,
                    Jitter: 0.3, PointPos: -1.8)
                : CSharpChart.Violin<string, double, string>(
                    Y: values, Name: experiment, MultiText: ids, Points: StyleParam.BoxPoints.All, ShowBox: true,
                    Jitter: 0.3, PointPos: -1.8));
        }
        if (charts.Count == 0) throw new ArgumentException("No experiments to draw.", nameof(experiments));
        var layout = new Layout();
        layout.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = column.Name } });
        layout.SetProperty("xaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "experiment" } });
        layout.SetProperty("width", 900);
        layout.SetProperty("height", 550);
        if (title is not null) layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        return GenericChart.addLayout(layout, CSharpChart.Combine(charts));
    }

    /// <summary>The same from a map experiment name -> cases (in the dictionary's enumeration order).</summary>
    public static GenericChart Create(IReadOnlyDictionary<string, IReadOnlyList<CaseMetrics>> experiments, string metric = "Dice",
        DistributionKind kind = DistributionKind.Box, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        return Create(experiments.Select(kv => (kv.Key, (IEnumerable<CaseMetrics>)kv.Value)), metric, kind, title);
    }
}
