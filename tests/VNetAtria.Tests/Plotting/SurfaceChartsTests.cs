using VNetAtria.Imaging;
using VNetAtria.Plotting;

namespace VNetAtria.Tests.Plotting;

public class SurfaceChartsTests
{
    private static Volume<byte> Ball(int n, double radius, Vector3d centre, Spacing3 spacing)
    {
        var mask = new Volume<byte>(new Shape3(n, n, n), geometry: VolumeGeometry.WithSpacingOnly(spacing));
        for (var d = 0; d < n; d++)
        for (var h = 0; h < n; h++)
        for (var w = 0; w < n; w++)
            mask[d, h, w] = (byte)((new Vector3d(w, h, d) - centre).Length <= radius ? 1 : 0);
        return mask;
    }

    [Fact]
    public void A_segmentation_surface_is_one_mesh3d_with_matching_vertex_and_triangle_arrays()
    {
        var mask = new Volume<byte>(new Shape3(3, 3, 3));
        mask[1, 1, 1] = 1;
        var chart = SurfaceCharts.Segmentation(mask);
        var fig = ChartJson.Parse(chart);
        var trace = Assert.Single(ChartJson.Traces(fig));
        Assert.Equal("mesh3d", trace.GetProperty("type").GetString());
        // The single voxel's octahedron: 6 vertices, 8 triangles.
        Assert.Equal(6, trace.GetProperty("x").GetArrayLength());
        Assert.Equal(8, trace.GetProperty("i").GetArrayLength());
        Assert.Equal(8, trace.GetProperty("k").GetArrayLength());
        Assert.Equal("data", ChartJson.Layout(fig).GetProperty("scene").GetProperty("aspectmode").GetString());
        Assert.Equal("x (LPS mm)", ChartJson.Layout(fig).GetProperty("scene").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        ChartJson.AssertHtml(chart);
    }

    [Fact]
    public void A_prediction_equal_to_the_reference_is_at_distance_zero_everywhere()
    {
        var reference = Ball(16, 5, new Vector3d(7.5, 7.2, 7.7), Spacing3.Lasc);
        var mesh = MarchingCubes.ExtractMask(reference);
        var distances = SurfaceCharts.SampleAtVertices(mesh, reference.Geometry, reference.Shape, SurfaceCharts.SignedDistanceToSurface(reference));
        Assert.All(distances, d => Assert.Equal(0, d, 5));
    }

    [Fact]
    public void A_prediction_two_voxels_larger_than_the_reference_lies_about_two_voxels_outside_it()
    {
        var centre = new Vector3d(11.5, 11.3, 11.6);
        var reference = Ball(24, 6, centre, Spacing3.One);
        var prediction = Ball(24, 8, centre, Spacing3.One);
        var chart = SurfaceCharts.DistanceToReference(prediction, reference);
        var trace = Assert.Single(ChartJson.Traces(ChartJson.Parse(chart)));
        var intensity = trace.GetProperty("intensity").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(trace.GetProperty("x").GetArrayLength(), intensity.Length);
        // Digitised spheres of radius 6 and 8 are 2 apart up to the voxel staircase (well under a voxel).
        Assert.InRange(intensity.Average(), 1.7, 2.3);
        Assert.All(intensity, d => Assert.InRange(d, 1.0, 3.0));
        Assert.Equal(-trace.GetProperty("cmax").GetDouble(), trace.GetProperty("cmin").GetDouble());
    }

    [Fact]
    public void Subsampling_the_mask_draws_fewer_triangles_around_the_same_volume()
    {
        var ball = Ball(32, 12, new Vector3d(15.5, 15.2, 15.7), Spacing3.Lasc);
        var full = MarchingCubes.ExtractMask(ball);
        var half = SurfaceCharts.Subsample(ball, 2);
        Assert.Equal(new Shape3(16, 16, 16), half.Shape);
        Assert.Equal(1.25, half.Geometry.Spacing.W);
        Assert.Equal(ball[6, 8, 10], half[3, 4, 5]);
        var coarse = MarchingCubes.ExtractMask(half);
        Assert.InRange(coarse.TriangleCount, full.TriangleCount / 6, full.TriangleCount / 2);
        Assert.InRange(coarse.EnclosedVolume() / full.EnclosedVolume(), 0.9, 1.1);
        var trace = Assert.Single(ChartJson.Traces(ChartJson.Parse(SurfaceCharts.Segmentation(ball, step: 2))));
        Assert.Equal(coarse.TriangleCount, trace.GetProperty("i").GetArrayLength());
    }

    [Fact]
    public void Prediction_and_reference_on_different_grids_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => SurfaceCharts.DistanceToReference(new Volume<byte>(new Shape3(2, 2, 2)), new Volume<byte>(new Shape3(2, 2, 3))));
        Assert.Contains("2x2x3", ex.Message);
    }
}
