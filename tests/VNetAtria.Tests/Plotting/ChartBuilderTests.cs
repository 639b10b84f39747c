using System.Text.Json;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting;

namespace VNetAtria.Tests.Plotting;

public class ChartBuilderTests
{
    internal static CaseMetrics Case(string id, double dice, double hd95 = 1) =>
        new(id, new OverlapCounts(1, 0, 0, 1), dice, dice / (2 - dice), dice, dice, 1, hd95 * 2, hd95, hd95 / 2, hd95 / 3, false, false, 100);

    [Fact]
    public void Histograms_before_and_after_count_every_voxel_once_in_bins_over_each_range()
    {
        var before = new Volume<byte>(new Shape3(1, 2, 5), [0, 10, 10, 20, 30, 40, 40, 40, 50, 100]);
        var after = new Volume<float>(new Shape3(1, 1, 4), [-1f, 0f, 0.5f, 1f]);
        var chart = IntensityHistograms.BeforeAfter(before, after, bins: 10);
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal(["bar", "bar"], traces.Select(t => t.GetProperty("type").GetString()));
        var counts = traces[0].GetProperty("y").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        // Bins of width 10 over [0, 100]: 0 | 10 10 | 20 | 30 | 40 40 40 | 50 | ... | 100 falls in the last bin.
        Assert.Equal([1L, 2, 1, 1, 3, 1, 0, 0, 0, 1], counts);
        Assert.Equal(5, traces[0].GetProperty("x")[0].GetDouble());
        Assert.Equal(4, traces[1].GetProperty("y").EnumerateArray().Sum(v => v.GetInt64()));
        Assert.Equal("x2", traces[1].GetProperty("xaxis").GetString());
        Assert.Equal("intensity", ChartJson.AxisTitle(fig, "xaxis2"));
        Assert.Equal("voxels", ChartJson.AxisTitle(fig, "yaxis"));
        ChartJson.AssertHtml(chart);
        Assert.Single(ChartJson.Traces(ChartJson.Parse(IntensityHistograms.Of(before))));
    }

    [Fact]
    public void Locator_view_places_locator_voxels_at_full_resolution_centres_and_draws_box_and_window_on_voxel_borders()
    {
        var probability = new double[2, 3] { { 0, 0.5, 1 }, { 0.25, 0.75, 0 } };
        var box = new Box3(new Index3(0, 1, 2), new Shape3(5, 3, 4));
        var window = new Box3(new Index3(0, 0, 0), new Shape3(8, 8, 12));
        var chart = LocatorView.Create(probability, SliceAxis.Axial, box, window, scale: 4);
        var fig = ChartJson.Parse(chart);
        var heat = ChartJson.Traces(fig)[0];
        Assert.Equal("heatmap", heat.GetProperty("type").GetString());
        // Locator voxel j covers full-resolution voxels 4j .. 4j + 3, centred at 4j + 1.5.
        Assert.Equal([1.5, 5.5, 9.5], heat.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([1.5, 5.5], heat.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        var shapes = ChartJson.Layout(fig).GetProperty("shapes");
        Assert.Equal(2, shapes.GetArrayLength());
        // Axial: columns W, rows H. The box spans W 2..5 and H 1..3 (inclusive voxels): borders at 1.5..5.5, 0.5..3.5.
        Assert.Equal(1.5, shapes[0].GetProperty("x0").GetDouble());
        Assert.Equal(5.5, shapes[0].GetProperty("x1").GetDouble());
        Assert.Equal(0.5, shapes[0].GetProperty("y0").GetDouble());
        Assert.Equal(3.5, shapes[0].GetProperty("y1").GetDouble());
        Assert.Equal(11.5, shapes[1].GetProperty("x1").GetDouble());
        Assert.Equal("W (full-resolution voxels)", ChartJson.AxisTitle(fig, "xaxis"));
        ChartJson.AssertHtml(chart);
    }

    [Fact]
    public void Locator_view_from_a_volume_uses_the_maximum_projection()
    {
        var p = new Volume<float>(new Shape3(3, 2, 2));
        p[0, 1, 1] = 0.2f;
        p[2, 1, 1] = 0.9f;
        var fig = ChartJson.Parse(LocatorView.FromVolume(p, SliceAxis.Axial, new Box3(Index3.Zero, new Shape3(1, 1, 1)), new Box3(Index3.Zero, new Shape3(2, 2, 2)), 1));
        Assert.Equal(0.9, ChartJson.Traces(fig)[0].GetProperty("z")[1][1].GetDouble(), 6);
    }

    [Fact]
    public void Training_curves_draw_one_line_per_series_and_leave_out_panels_without_values()
    {
        (int, double, double?, double?, double?, double?)[] history =
        [
            (1, 0.9, 0.95, 0.5, 1e-3, null),
            (0, 1.0, null, null, 1e-3, null),
            (2, 0.8, 0.85, 0.6, 1e-4, null),
        ];
        var chart = TrainingCurves.Create(history);
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal(["train loss", "validation loss", "validation Dice", "learning rate"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        Assert.Equal([0, 1, 2], traces[0].GetProperty("x").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(JsonValueKind.Null, traces[1].GetProperty("y")[0].ValueKind); // no validation at epoch 0
        Assert.Equal("log", ChartJson.Layout(fig).GetProperty("yaxis3").GetProperty("type").GetString());
        Assert.False(ChartJson.Layout(fig).TryGetProperty("xaxis4", out _)); // no alpha panel
        Assert.Equal("epoch", ChartJson.AxisTitle(fig, "xaxis"));
        Assert.Equal("Dice", ChartJson.AxisTitle(fig, "yaxis2"));
        ChartJson.AssertHtml(chart);
        var fromTuples = TrainingCurves.Create([(0, 1.0, (double?)0.9, (double?)0.4, (double?)0.01, (double?)0.5)]);
        Assert.Equal(5, ChartJson.Traces(ChartJson.Parse(fromTuples)).Length);
    }

    [Fact]
    public void Training_curves_of_a_trainer_history_leave_gaps_for_epochs_without_validation()
    {
        VNetAtria.Training.EpochRecord[] history =
        [
            new(1, 0.9, 0.9, double.NaN, double.NaN, double.NaN, 1e-3, 0.99, 10, 1000),
            new(2, 0.8, 0.8, 0.85, 0.85, 0.6, 1e-3, 0.98, 10, 1000),
        ];
        var traces = ChartJson.Traces(ChartJson.Parse(TrainingCurves.Create(history)));
        Assert.Equal(["train loss", "validation loss", "validation Dice", "learning rate", "alpha"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, traces[1].GetProperty("y")[0].ValueKind);
        Assert.Equal(0.6, traces[2].GetProperty("y")[1].GetDouble());
        Assert.Equal(0.98, traces[4].GetProperty("y")[1].GetDouble());
        var comparison = ChartJson.Traces(ChartJson.Parse(TrainingComparison.Create([("run", history)])));
        Assert.Equal(JsonValueKind.Null, comparison[0].GetProperty("y")[0].ValueKind);
    }

    [Theory]
    [InlineData(DistributionKind.Box, "box")]
    [InlineData(DistributionKind.Violin, "violin")]
    public void Metric_distributions_give_one_trace_per_experiment_with_every_case(DistributionKind kind, string traceType)
    {
        var experiments = new Dictionary<string, IReadOnlyList<CaseMetrics>>
        {
            ["VNet"] = [Case("a", 0.8), Case("b", 0.9), Case("c", 0.85)],
            ["VNet + boundary"] = [Case("a", 0.88, 3), Case("b", 0.91, 4)],
        };
        var chart = MetricDistributions.Create(experiments, "HD95 (mm)", kind);
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal([traceType, traceType], traces.Select(t => t.GetProperty("type").GetString()));
        Assert.Equal(["VNet", "VNet + boundary"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([3.0, 4.0], traces[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(["a", "b", "c"], traces[0].GetProperty("text").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("HD95 (mm)", ChartJson.AxisTitle(fig, "yaxis"));
        ChartJson.AssertHtml(chart);
    }

    [Fact]
    public void An_unknown_metric_is_refused_with_the_known_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => MetricDistributions.Create([("x", (IEnumerable<CaseMetrics>)[Case("a", 1)])], "Dise"));
        Assert.Contains("Dice", ex.Message);
    }

    [Fact]
    public void Augmentation_gallery_puts_each_slice_on_its_own_titled_subplot()
    {
        var original = new float[2, 3] { { 0, 1, 2 }, { 3, 4, 5 } };
        var flipped = new float[2, 3] { { 2, 1, 0 }, { 5, 4, 3 } };
        var noisy = new float[2, 3] { { 0.1f, 1, 2 }, { 3, 4, 5.2f } };
        var chart = AugmentationGallery.Create([("original", original), ("flip W", flipped), ("noise", noisy)], columns: 2);
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal(3, traces.Length);
        Assert.Equal(2.0, traces[1].GetProperty("z")[0][0].GetDouble());
        Assert.Equal("y3", traces[2].GetProperty("yaxis").GetString());
        var annotations = ChartJson.Layout(fig).GetProperty("annotations").EnumerateArray().ToArray();
        Assert.Equal(["original", "flip W", "noise"], annotations.Select(a => a.GetProperty("text").GetString()));
        // Two columns: the third panel starts a second row below the first.
        var d1 = ChartJson.Layout(fig).GetProperty("yaxis").GetProperty("domain")[0].GetDouble();
        var d3 = ChartJson.Layout(fig).GetProperty("yaxis3").GetProperty("domain")[1].GetDouble();
        Assert.True(d3 < d1);
        ChartJson.AssertHtml(chart);

        var volume = new Volume<byte>(new Shape3(2, 2, 3), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        var fromVolumes = ChartJson.Parse(AugmentationGallery.FromVolumes([("a", volume), ("b", volume)], sliceIndex: 1));
        Assert.Equal(9.0, ChartJson.Traces(fromVolumes)[0].GetProperty("z")[1][0].GetDouble());
    }
}
