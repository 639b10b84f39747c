using VNetAtria.Imaging;
using VNetAtria.Plotting;

namespace VNetAtria.Tests.Plotting;

public class SliceViewerTests
{
    private static Volume<float> Ramp(Shape3 shape, Spacing3? spacing = null)
    {
        var v = new Volume<float>(shape, geometry: VolumeGeometry.WithSpacingOnly(spacing ?? Spacing3.One));
        for (var i = 0; i < v.Data.Length; i++) v.Data[i] = i;
        return v;
    }

    private static Volume<byte> Cube(Shape3 shape, Box3 box)
    {
        var m = new Volume<byte>(shape);
        for (var d = box.Start.D; d < box.End.D; d++)
        for (var h = box.Start.H; h < box.End.H; h++)
        for (var w = box.Start.W; w < box.End.W; w++)
            m[d, h, w] = 255;
        return m;
    }

    [Fact]
    public void Scroll_shows_one_image_and_overlay_trace_per_slice_and_a_slider_step_that_shows_only_that_slice()
    {
        var shape = new Shape3(4, 5, 6);
        var image = Ramp(shape, new Spacing3(2, 1, 0.5));
        var label = Cube(shape, new Box3(new Index3(1, 1, 1), new Shape3(2, 2, 2)));
        var prediction = Cube(shape, new Box3(new Index3(1, 2, 2), new Shape3(2, 2, 2)));
        var chart = SliceViewer.Scroll(image, SliceAxis.Axial, label, prediction);
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal(4 * 3, traces.Length); // 4 slices x (image, label, prediction)
        Assert.Equal(["heatmap", "contour", "heatmap"], traces.Take(3).Select(t => t.GetProperty("type").GetString()));
        // Axial: rows H (5), columns W (6); x in mm at W spacing 0.5.
        var z = traces[0].GetProperty("z");
        Assert.Equal(5, ChartJson.Rows(z));
        Assert.Equal(6, ChartJson.Columns(z));
        Assert.Equal(2.5, traces[0].GetProperty("x")[5].GetDouble());
        // Slice 2's image value at (h 3, w 4) is the ramp's (2 * 5 + 3) * 6 + 4.
        Assert.Equal((2 * 5 + 3) * 6 + 4, traces[2 * 3].GetProperty("z")[3][4].GetDouble());
        Assert.Equal("W (mm)", ChartJson.AxisTitle(fig, "xaxis"));
        Assert.Equal("H (mm)", ChartJson.AxisTitle(fig, "yaxis"));
        var steps = ChartJson.Layout(fig).GetProperty("sliders")[0].GetProperty("steps");
        Assert.Equal(4, steps.GetArrayLength());
        var visible = steps[2].GetProperty("args")[0].GetProperty("visible").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
        Assert.Equal(Enumerable.Range(0, 12).Select(t => t / 3 == 2), visible);
        Assert.Equal(1, traces.Count(t => !t.TryGetProperty("visible", out var vis) || vis.GetBoolean()) / 3);
        ChartJson.AssertHtml(chart);
    }

    [Fact]
    public void Large_volumes_are_subsampled_to_the_slice_and_pixel_limits()
    {
        var image = Ramp(new Shape3(50, 30, 41));
        var chart = SliceViewer.Scroll(image, SliceAxis.Coronal, options: new SliceViewerOptions { MaxSlices = 5, MaxInPlane = 10 });
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal(5, traces.Length);
        // Coronal: rows D (50), columns W (41), step ceil(50 / 10) = 5 -> 10 x 9.
        Assert.Equal(10, ChartJson.Rows(traces[0].GetProperty("z")));
        Assert.Equal(9, ChartJson.Columns(traces[0].GetProperty("z")));
        var labels = ChartJson.Layout(fig).GetProperty("sliders")[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("label").GetString());
        Assert.Equal(["0", "7", "15", "22", "29"], labels);
        Assert.Equal("D (mm)", ChartJson.AxisTitle(fig, "yaxis"));
    }

    [Fact]
    public void Orthogonal_draws_three_planes_through_the_label_centroid_on_three_subplots()
    {
        var shape = new Shape3(8, 9, 10);
        var label = Cube(shape, new Box3(new Index3(2, 3, 4), new Shape3(3, 3, 3)));
        var chart = SliceViewer.Orthogonal(Ramp(shape), label, options: new SliceViewerOptions { LabelStyle = OverlayStyle.Heatmap });
        var fig = ChartJson.Parse(chart);
        var traces = ChartJson.Traces(fig);
        Assert.Equal(6, traces.Length);
        Assert.Equal(["x", "x", "x2", "x2", "x3", "x3"], traces.Select(t => t.TryGetProperty("xaxis", out var x) ? x.GetString() : "x"));
        var annotations = ChartJson.Layout(fig).GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(["Axial D = 3", "Coronal H = 4", "Sagittal W = 5"], annotations);
        // The filled label overlay is 1 inside and null (transparent) outside.
        var overlay = traces[1].GetProperty("z");
        Assert.Equal(1, overlay[4][5].GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, overlay[0][0].ValueKind);
        Assert.Equal("D (mm)", ChartJson.AxisTitle(fig, "yaxis2"));
    }

    [Fact]
    public void Saved_html_is_written_whole_and_the_self_contained_form_inlines_plotly_js()
    {
        var chart = SliceViewer.Scroll(Ramp(new Shape3(2, 3, 4)), SliceAxis.Axial);
        var dir = TestSupport.TestPaths.NewTempDir();
        try
        {
            var cdn = Path.Combine(dir, "cdn.html");
            var inline = Path.Combine(dir, "inline.html");
            ChartExport.SaveHtml(chart, cdn);
            ChartExport.SaveHtml(chart, inline, selfContained: true);
            Assert.Contains("<script src=\"https://cdn.plot.ly/plotly-", File.ReadAllText(cdn));
            var text = File.ReadAllText(inline);
            Assert.DoesNotContain("<script src=\"https://cdn.plot.ly/", text);
            Assert.Contains("plotly.js v", text);
            Assert.Contains("Plotly.newPlot(", text);
            var notebook = ChartExport.ToNotebookHtml(chart);
            Assert.Contains("typeof Plotly !== 'undefined'", notebook);
            Assert.Contains("\"type\":\"heatmap\"", notebook);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_overlay_of_another_shape_is_refused_with_both_shapes_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => SliceViewer.Scroll(Ramp(new Shape3(2, 3, 4)), SliceAxis.Axial, label: new Volume<byte>(new Shape3(2, 3, 5))));
        Assert.Contains("2x3x5", ex.Message);
        Assert.Contains("2x3x4", ex.Message);
    }
}
