using VNetAtria.Imaging;
using VNetAtria.Synthetic.Shapes;

namespace VNetAtria.Tests.Synthetic;

public class ShapeTests
{
    [Theory]
    [InlineData(0, 0, 0, -5)]
    [InlineData(8, 0, 0, 3)]
    [InlineData(0, -2, 0, -3)]
    [InlineData(3, 4, 0, 0)]
    public void A_ball_without_bumps_gives_the_exact_euclidean_distance(double x, double y, double z, double expected)
    {
        var ball = new Ellipsoid(new Vector3d(0, 0, 0), new Vector3d(5, 5, 5));
        Assert.Equal(expected, ball.Distance(x, y, z), 12);
    }

    [Fact]
    public void An_ellipsoid_is_zero_on_its_axes_surface_points_and_signed_inside_and_out()
    {
        var e = new Ellipsoid(new Vector3d(1, 2, 3), new Vector3d(10, 6, 4));
        Assert.Equal(0, e.Distance(11, 2, 3), 12);
        Assert.Equal(0, e.Distance(1, 8, 3), 12);
        Assert.Equal(0, e.Distance(1, 2, -1), 12);
        // Along an axis the first-order distance is exact: 2 mm beyond the tip of the 6 mm semi-axis.
        Assert.Equal(2, e.Distance(1, 10, 3), 12);
        Assert.True(e.Distance(1, 2, 3) < 0);
    }

    [Fact]
    public void Bump_coefficients_move_the_surface_radially()
    {
        var bumps = new double[Ellipsoid.BumpCount];
        bumps[0] = 0.2; // R(u) = 1 + 0.2 u_x: longer towards +x, shorter towards -x.
        var e = new Ellipsoid(default, new Vector3d(10, 10, 10), bumps);
        Assert.Equal(12, e.SurfaceDistanceAlong(new Vector3d(1, 0, 0)), 12);
        Assert.Equal(8, e.SurfaceDistanceAlong(new Vector3d(-1, 0, 0)), 12);
        Assert.Equal(0, e.Distance(12, 0, 0), 12);
        Assert.Equal(0, e.Distance(-8, 0, 0), 12);
    }

    [Fact]
    public void A_tapered_segment_has_the_end_radii_and_a_flat_cut()
    {
        var full = new TaperedSegment(new Vector3d(0, 0, 0), new Vector3d(10, 0, 0), 4, 2);
        Assert.Equal(0, full.Distance(0, 4, 0), 12);
        Assert.Equal(0, full.Distance(10, 2, 0), 12);
        Assert.Equal(0, full.Distance(5, 3, 0), 12);
        Assert.Equal(1, full.Distance(13, 0, 0), 12);

        var cut = new TaperedSegment(new Vector3d(0, 0, 0), new Vector3d(10, 0, 0), 4, 2, cut: 0.5);
        Assert.True(cut.Distance(4.9, 0, 0) < 0);
        Assert.Equal(1, cut.Distance(6, 0, 0), 12); // 1 mm beyond the flat face at x = 5
        Assert.Equal(1, cut.Distance(6, 1, 0), 12);
    }

    public static TheoryData<string> ShapeNames => new() { "ellipsoid", "bumpy", "column", "capped column" };

    private static Shape Make(string name) => name switch
    {
        "ellipsoid" => new Ellipsoid(new Vector3d(1, -2, 0.5), new Vector3d(9, 5, 7)),
        "bumpy" => new Ellipsoid(new Vector3d(0, 1, 0), new Vector3d(8, 6, 5), Enumerable.Range(0, Ellipsoid.BumpCount).Select(i => 0.05 * Math.Sin(i + 1)).ToArray()),
        "column" => new EllipticColumn(2, -1, 7, 4),
        _ => new EllipticColumn(0, 0, 6, 9, zMin: -3, zMax: 2),
    };

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void Row_ranges_bound_the_distance_as_brute_force_evaluation_along_rows_confirms(string name)
    {
        var shape = Make(name);
        var rows = new (Vector3d P0, Vector3d Step)[]
        {
            (new Vector3d(-20, 0.3, 0.2), new Vector3d(0.5, 0, 0)),
            (new Vector3d(-15, -3, -1), new Vector3d(0.4, 0.1, 0.05)),
            (new Vector3d(0.5, -20, 1), new Vector3d(0.02, 0.45, -0.03)),
            (new Vector3d(-20, 20, 0), new Vector3d(0.5, -0.5, 0)),
        };
        const double margin = 1.3;
        foreach (var (p0, s) in rows)
        {
            var hasOuter = shape.OuterRange(p0.X, p0.Y, p0.Z, s.X, s.Y, s.Z, margin, out var lo, out var hi);
            var hasInner = shape.InnerRange(p0.X, p0.Y, p0.Z, s.X, s.Y, s.Z, margin, out var ilo, out var ihi);
            for (var w = 0.0; w <= 80; w += 0.25)
            {
                var d = shape.Distance(p0.X + w * s.X, p0.Y + w * s.Y, p0.Z + w * s.Z);
                if (d < margin) Assert.True(hasOuter && w >= lo - 1e-9 && w <= hi + 1e-9, $"{name}: w={w} has distance {d} < {margin} outside the outer range");
                if (hasInner && w >= ilo && w <= ihi) Assert.True(d <= -margin + 1e-9, $"{name}: w={w} in the inner range has distance {d} > -{margin}");
            }
        }
    }

    [Fact]
    public void A_box_row_range_holds_exactly_the_row_points_inside_the_box()
    {
        var box = new Aabb(new Vector3d(-1, -2, -3), new Vector3d(4, 5, 6));
        Assert.True(box.RowRange(-10, 0, 0, 1, 0, 0, out var lo, out var hi));
        Assert.Equal(9, lo, 12);
        Assert.Equal(14, hi, 12);
        Assert.False(box.RowRange(-10, 7, 0, 1, 0, 0, out _, out _));
        Assert.Equal(5, box.DistanceTo(9, 0, 0), 12);
        Assert.Equal(0, box.DistanceTo(0, 0, 0), 12);
    }

    [Fact]
    public void Smooth_min_is_the_minimum_when_values_are_far_apart_and_below_it_when_close()
    {
        Assert.Equal(-3, Shape.SmoothMin(-3, 5, 2));
        Assert.Equal(1 - 0.5, Shape.SmoothMin(1, 1, 2), 12); // h = 1: min - k / 4
        Assert.Equal(2, Shape.SmoothMin(2, 7, 0));
    }
}
