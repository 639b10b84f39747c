using VNetAtria.Imaging;
using VNetAtria.Metrics;

namespace VNetAtria.Tests.Metrics;

public class SegmentationMetricsTests
{
    private static bool[] Ball(Shape3 s, double cd, double ch, double cw, double radius, Spacing3 sp)
    {
        var m = new bool[s.VoxelCount];
        for (var d = 0; d < s.Depth; d++)
            for (var h = 0; h < s.Height; h++)
                for (var w = 0; w < s.Width; w++)
                    m[s.Offset(d, h, w)] = Math.Pow((d - cd) * sp.D, 2) + Math.Pow((h - ch) * sp.H, 2) + Math.Pow((w - cw) * sp.W, 2) <= radius * radius;
        return m;
    }

    private static bool[] Box(Shape3 s, Box3 box)
    {
        var m = new bool[s.VoxelCount];
        for (var d = 0; d < s.Depth; d++)
            for (var h = 0; h < s.Height; h++)
                for (var w = 0; w < s.Width; w++)
                    m[s.Offset(d, h, w)] = box.Contains(new Index3(d, h, w));
        return m;
    }

    [Fact]
    public void Overlap_metrics_match_hand_counts()
    {
        // prediction: voxels 0..5 of 10; reference: voxels 3..8.  TP 3 (3,4,5), FP 3 (0,1,2), FN 3 (6,7,8), TN 1 (9).
        var p = Enumerable.Range(0, 10).Select(i => i < 6).ToArray();
        var r = Enumerable.Range(0, 10).Select(i => i is >= 3 and < 9).ToArray();

        var m = SegmentationMetrics.Compute("c", p, r, new Shape3(1, 1, 10), Spacing3.One);

        Assert.Equal(new OverlapCounts(3, 3, 3, 1), m.Counts);
        Assert.Equal(0.5, m.Dice, 12);
        Assert.Equal(1.0 / 3, m.Jaccard, 12);
        Assert.Equal(0.5, m.Precision, 12);
        Assert.Equal(0.5, m.Recall, 12);
        Assert.Equal(0.25, m.Specificity, 12);
    }

    [Fact]
    public void Single_voxels_are_their_own_surface_and_distances_are_the_spaced_offset()
    {
        var s = new Shape3(5, 5, 5);
        var sp = new Spacing3(2, 3, 0.5);
        var p = new bool[s.VoxelCount];
        var r = new bool[s.VoxelCount];
        p[s.Offset(1, 1, 1)] = true;
        r[s.Offset(3, 2, 4)] = true;
        var expected = Math.Sqrt(Math.Pow(2 * 2, 2) + Math.Pow(1 * 3, 2) + Math.Pow(3 * 0.5, 2));

        var m = SegmentationMetrics.Compute("c", p, r, s, sp);

        Assert.Equal(expected, m.Hausdorff, 5);
        Assert.Equal(expected, m.Hausdorff95, 5);
        Assert.Equal(expected, m.Assd, 5);
        Assert.Equal(0, m.Dice);
    }

    [Fact]
    public void Shifted_cubes_have_the_shift_as_Hausdorff_distance()
    {
        var s = new Shape3(12, 12, 12);
        var p = Box(s, new Box3(new Index3(2, 2, 2), new Shape3(5, 5, 5)));
        var r = Box(s, new Box3(new Index3(2, 2, 5), new Shape3(5, 5, 5)));

        var m = SegmentationMetrics.Compute("c", p, r, s, new Spacing3(1, 1, 0.625));

        // The farthest surface voxel of each cube lies 3 voxels (3 * 0.625 mm) along W from the other surface.
        Assert.Equal(3 * 0.625, m.Hausdorff, 5);
        Assert.Equal(2 * 50.0 / (125 + 125), m.Dice, 9); // overlap 5x5x2 = 50 voxels of 125 each
    }

    [Theory]
    [InlineData(10.0, 6.0)]
    [InlineData(9.0, 4.0)]
    public void Concentric_spheres_have_the_radius_difference_as_Hausdorff_distance_within_a_voxel(double outer, double inner)
    {
        var s = new Shape3(28, 28, 28);
        var sp = Spacing3.One;
        var a = Ball(s, 13.5, 13.5, 13.5, outer, sp);
        var b = Ball(s, 13.5, 13.5, 13.5, inner, sp);

        var m = SegmentationMetrics.Compute("c", a, b, s, sp);

        Assert.InRange(m.Hausdorff, outer - inner - 1, outer - inner + 1);
        Assert.InRange(m.Assd, outer - inner - 1, outer - inner + 1);
    }

    [Fact]
    public void Spacing_is_applied_per_axis_so_a_permuted_spacing_changes_the_answer()
    {
        var s = new Shape3(10, 10, 10);
        var p = Box(s, new Box3(new Index3(2, 2, 2), new Shape3(3, 3, 3)));
        var r = Box(s, new Box3(new Index3(6, 2, 2), new Shape3(3, 3, 3))); // shifted 4 voxels along D

        var alongD = SegmentationMetrics.Compute("c", p, r, s, new Spacing3(2.5, 1, 1));
        var permuted = SegmentationMetrics.Compute("c", p, r, s, new Spacing3(1, 1, 2.5));

        Assert.Equal(4 * 2.5, alongD.Hausdorff, 5);
        Assert.Equal(4 * 1.0, permuted.Hausdorff, 5);
    }

    [Fact]
    public void Hd95_conventions_differ_as_documented_on_a_hand_computed_case()
    {
        var d = new SurfaceDistances([0, 0, 0, 10], [1, 1]);
        // pooled {0,0,0,1,1,10}: rank 0.95*5 = 4.75 -> 1 + 0.75*(10-1) = 7.75
        Assert.Equal(7.75, d.Hausdorff95Pooled, 6);
        // per direction: {0,0,0,10} rank 2.85 -> 0 + 0.85*10 = 8.5; {1,1} -> 1; max 8.5
        Assert.Equal(8.5, d.Hausdorff95PerDirection, 6);
        Assert.Equal((2.5 + 1) / 2, d.AverageSymmetricSurfaceDistance, 6);
        Assert.Equal(12.0 / 6, d.AverageSymmetricSurfaceDistancePooled, 6);
        Assert.Equal(10, d.Hausdorff);
    }

    [Fact]
    public void Surface_distances_match_brute_force_on_random_masks()
    {
        var rng = new Random(11);
        var s = new Shape3(7, 9, 8);
        var sp = new Spacing3(1.7, 0.6, 1.1);
        for (var trial = 0; trial < 5; trial++)
        {
            var p = Enumerable.Range(0, (int)s.VoxelCount).Select(_ => rng.NextDouble() < 0.3).ToArray();
            var r = Enumerable.Range(0, (int)s.VoxelCount).Select(_ => rng.NextDouble() < 0.3).ToArray();
            var ps = Surfaces.Of(p, s);
            var rs = Surfaces.Of(r, s);
            double Directed(bool[] from, bool[] to) => Enumerable.Range(0, from.Length).Where(i => from[i])
                .Max(i => Enumerable.Range(0, to.Length).Where(j => to[j]).Min(j => Dist(s, sp, i, j)));

            var m = SegmentationMetrics.Compute("c", p, r, s, sp);

            Assert.Equal(Math.Max(Directed(ps, rs), Directed(rs, ps)), m.Hausdorff, 4);
        }
    }

    [Fact]
    public void Face_surface_of_a_cube_is_its_shell_and_full_connectivity_adds_nothing_for_a_cube()
    {
        var s = new Shape3(7, 7, 7);
        var cube = Box(s, new Box3(new Index3(1, 1, 1), new Shape3(5, 5, 5)));
        Assert.Equal(125 - 27, Surfaces.Of(cube, s).Count(x => x));
        Assert.Equal(125 - 27, Surfaces.Of(cube, s, SurfaceConnectivity.Full).Count(x => x));
        // Foreground on the array border is surface (outside counts as background).
        Assert.Equal(343 - 125, Surfaces.Of(Enumerable.Repeat(true, 343).ToArray(), s).Count(x => x));
    }

    [Fact]
    public void Empty_masks_give_explicit_documented_values_and_flags()
    {
        var s = new Shape3(4, 5, 6);
        var sp = new Spacing3(1, 2, 2);
        var none = new bool[s.VoxelCount];
        var some = new bool[s.VoxelCount];
        some[7] = true;
        var diagonal = Math.Sqrt(16 + 100 + 144);

        var both = SegmentationMetrics.Compute("both", none, none, s, sp);
        Assert.True(both.EmptyPrediction && both.EmptyReference);
        Assert.Equal((1.0, 1.0, 0.0, 0.0), (both.Dice, both.Jaccard, both.Hausdorff, both.Hausdorff95));

        var missed = SegmentationMetrics.Compute("missed", none, some, s, sp);
        Assert.True(missed.EmptyPrediction && !missed.EmptyReference);
        Assert.Equal(0, missed.Dice);
        Assert.Equal(diagonal, missed.Hausdorff, 9);
        Assert.Equal(diagonal, missed.Assd, 9);

        var spurious = SegmentationMetrics.Compute("spurious", some, none, s, sp);
        Assert.True(spurious.EmptyReference && !spurious.EmptyPrediction);
        Assert.Equal(0, spurious.Precision);

        var all = new[] { both, missed, spurious, SegmentationMetrics.Compute("ok", some, some, s, sp) };
        Assert.All(all, m => Assert.False(double.IsNaN(m.Dice) || double.IsNaN(m.Hausdorff)));
        Assert.Equal(1, MetricSummary.Of(all, excludeEmpty: true)[0].Count);
    }

    [Fact]
    public void Summary_gives_mean_population_std_median_and_iqr()
    {
        var s = MetricSummary.Of("x", [1, 2, 3, 4]);
        Assert.Equal(2.5, s.Mean);
        Assert.Equal(Math.Sqrt(1.25), s.StandardDeviation, 12);
        Assert.Equal(2.5, s.Median);
        Assert.Equal(1.75, s.Q1);
        Assert.Equal(3.25, s.Q3);
        Assert.Equal("2.5 ± 1.118", s.MeanPlusMinusStd());
    }

    [Fact]
    public void Label_volumes_with_0_255_and_0_1_give_the_same_metrics()
    {
        var shape = new Shape3(3, 4, 5);
        var a = new Volume<byte>(shape, Enumerable.Range(0, 60).Select(i => (byte)(i % 3 == 0 ? 255 : 0)).ToArray(), VolumeGeometry.WithSpacingOnly(Spacing3.Lasc));
        var b = new Volume<byte>(shape, Enumerable.Range(0, 60).Select(i => (byte)(i % 4 == 0 ? 1 : 0)).ToArray(), VolumeGeometry.WithSpacingOnly(Spacing3.Lasc));
        var m255 = SegmentationMetrics.Compute("c", a, b);
        var m1 = SegmentationMetrics.Compute("c", a.ConvertTo<float>().WithData(a.Data.Select(x => x / 255f).ToArray()), b);
        Assert.Equal(m255.Dice, m1.Dice);
        Assert.Equal(m255.Hausdorff, m1.Hausdorff);
    }

    private static double Dist(Shape3 s, Spacing3 sp, int i, int j)
    {
        var hw = s.Height * s.Width;
        var (d1, h1, w1) = (i / hw, i % hw / s.Width, i % s.Width);
        var (d2, h2, w2) = (j / hw, j % hw / s.Width, j % s.Width);
        return Math.Sqrt(Math.Pow((d1 - d2) * sp.D, 2) + Math.Pow((h1 - h2) * sp.H, 2) + Math.Pow((w1 - w2) * sp.W, 2));
    }
}
