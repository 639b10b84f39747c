using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting.Tables;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using TrainingEpoch = VNetAtria.Training.EpochRecord;

namespace VNetAtria.Plotting.Interactive;

/// <summary>
/// .NET Interactive display of VNetAtria types: call <see cref="Register"/> once in a notebook and a cell whose value is
/// a volume, a list of <see cref="CaseMetrics"/> or <see cref="MetricSummary"/>, a training history (a list of
/// <see cref="TrainingEpoch"/>s or a <see cref="TrainingResult"/>), a <see cref="CropPlan"/>, a list of
/// <see cref="CropRecall"/>s, or a <see cref="DataFrame"/> shows as HTML (a summary table, plus the orthogonal
/// mid-slices for volumes and the training curves for a list of epochs); so does a Plotly.NET chart (when the kernel can
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
    /// <param name="historyCharts">Draw the training curves under a training history's table.</param>
    public static void Register(bool volumeCharts = true, int maxRows = 100, bool historyCharts = true)
    {
        Formatter.Register<IVolume>((volume, writer) => writer.Write(VolumeHtml(volume, volumeCharts)), HtmlMimeType);
        Formatter.Register<IEnumerable<CaseMetrics>>((cases, writer) => writer.Write(HtmlTables.Of(ResultsFrames.PerCase(cases), maxRows)), HtmlMimeType);
        Formatter.Register<CaseMetrics>((m, writer) => writer.Write(HtmlTables.Of(ResultsFrames.PerCase([m]), maxRows)), HtmlMimeType);
        Formatter.Register<IEnumerable<MetricSummary>>((s, writer) => writer.Write(HtmlTables.Of(ResultsFrames.Summary(s), maxRows)), HtmlMimeType);
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(HtmlTables.Of(frame, maxRows)), HtmlMimeType);
        Formatter.Register<VNetAtria.Results.ResultsTable>((table, writer) => writer.Write(HtmlTables.Of(table.ToDisplayDataFrame(), maxRows)), HtmlMimeType);
        Formatter.Register<IEnumerable<TrainingEpoch>>((history, writer) => writer.Write(TrainingHistoryHtml(history, historyCharts, maxRows)), HtmlMimeType);
        Formatter.Register<TrainingResult>((result, writer) => writer.Write(TrainingResultHtml(result, maxRows)), HtmlMimeType);
        Formatter.Register<CropPlan>((plan, writer) => writer.Write(CropPlanHtml(plan, null, maxRows)), HtmlMimeType);
        Formatter.Register<IEnumerable<CropRecall>>((recall, writer) => writer.Write(HtmlTables.Of(CropFrames.Recall(recall), maxRows)), HtmlMimeType);
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
        return ChartHtml(() => volume.Accept(new MidSlices()), html, "Mid-slices");
    }

    /// <summary>A training history's HTML: one row per epoch (<see cref="TrainingFrames.History"/>) and optionally its curves.</summary>
    public static string TrainingHistoryHtml(IEnumerable<TrainingEpoch> history, bool withChart = true, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(history);
        var list = history.ToList();
        var html = HtmlTables.Of(TrainingFrames.History(list), maxRows);
        return withChart && list.Count > 0 ? ChartHtml(() => TrainingCurves.Create(list.ToCurvePoints()), html, "Training curves") : html;
    }

    /// <summary>
    /// A training result's HTML: outcome, epochs and best validation Dice, then its history's table (no chart: a
    /// notebook draws the curves itself, and <see cref="TrainingResult.History"/> as a cell value shows them).
    /// </summary>
    public static string TrainingResultHtml(TrainingResult result, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(result);
        string N(double v) => double.IsNaN(v) ? "not validated" : v.ToString("F4", CultureInfo.InvariantCulture);
        var summary = HtmlTables.Table(["Property", "Value"],
        [
            new[] { "Outcome", result.Outcome.ToString() },
            new[] { "Epochs completed", result.CompletedEpochs.ToString(CultureInfo.InvariantCulture) },
            new[] { "Best validation Dice", N(result.BestValidationDice) },
            new[] { "Best epoch", result.BestEpoch > 0 ? result.BestEpoch.ToString(CultureInfo.InvariantCulture) : "-" },
            new[] { "Training time (s)", result.History.Sum(h => h.Seconds).ToString("F1", CultureInfo.InvariantCulture) },
        ], "Training result");
        return summary + TrainingHistoryHtml(result.History, withChart: false, maxRows);
    }

    /// <summary>
    /// A crop plan's HTML: its settings and patch size, any plan warnings, then one row per case
    /// (<see cref="CropFrames.Plan"/>, with each case's recall when <paramref name="recall"/> is given).
    /// </summary>
    public static string CropPlanHtml(CropPlan plan, IEnumerable<CropRecall>? recall = null, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var o = plan.Options;
        string Centre(double[]? c) => c is null ? "none" : string.Join(", ", c.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)));
        var rows = new List<IReadOnlyList<string?>>
        {
            new[] { "Patch size (D, H, W)", plan.PatchSize.ToString() },
            new[] { "Largest training extent", plan.LargestExtent.ToString() },
            new[] { "Canvas", o.Canvas.ToString() },
            new[] { "Locator scale", o.Scale.ToString() },
            new[] { "Slice-mass threshold", o.Threshold.ToString("G6", CultureInfo.InvariantCulture) },
            new[] { "Training buffer", o.TrainingBuffer.ToString() },
            new[] { "Prediction buffer", o.PredictionBuffer.ToString() },
            new[] { "Multiple", o.Multiple.ToString(CultureInfo.InvariantCulture) },
            new[] { "Mean training box centre", Centre(plan.MeanCentre) },
            new[] { "Cases", plan.Cases.Count.ToString(CultureInfo.InvariantCulture) },
        };
        rows.AddRange(plan.Warnings.Select(w => (IReadOnlyList<string?>)new[] { "Warning", w }));
        return HtmlTables.Table(["Property", "Value"], rows, "Crop plan") + HtmlTables.Of(CropFrames.Plan(plan, recall), maxRows);
    }

    /// <summary><paramref name="html"/> followed by the chart, or by the explanation when this kernel cannot draw charts.</summary>
    private static string ChartHtml(Func<Plotly.NET.GenericChart> draw, string html, string what)
    {
        try
        {
            return html + ChartExport.ToNotebookHtml(draw());
        }
        catch (Exception ex) when (NotebookCharts.IsFSharpCoreSkew(ex))
        {
            // The table still shows; the reason and what to do replace the chart (see NotebookCharts).
            return html + NotebookCharts.UnavailableHtml(ex, what);
        }
    }

    private sealed class MidSlices : IVolumeFunc<Plotly.NET.GenericChart>
    {
        public Plotly.NET.GenericChart Invoke<T>(Volume<T> volume) where T : unmanaged, System.Numerics.INumber<T> =>
            SliceViewer.Orthogonal(volume, options: new SliceViewerOptions { MaxInPlane = 128 });
    }
}
