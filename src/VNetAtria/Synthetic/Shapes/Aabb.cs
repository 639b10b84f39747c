using VNetAtria.Imaging;

namespace VNetAtria.Synthetic.Shapes;

/// <summary>An axis-aligned box in the anatomy frame (mm); bounds where a shape's distance can be negative.</summary>
internal readonly record struct Aabb(Vector3d Min, Vector3d Max)
{
    /// <summary>The box of a ball.</summary>
    public static Aabb OfBall(Vector3d centre, double radius) =>
        new(centre - new Vector3d(radius, radius, radius), centre + new Vector3d(radius, radius, radius));

    /// <summary>The box grown by <paramref name="margin"/> mm on every side.</summary>
    public Aabb Expand(double margin) => new(Min - new Vector3d(margin, margin, margin), Max + new Vector3d(margin, margin, margin));

    /// <summary>The smallest box holding both.</summary>
    public Aabb Union(Aabb o) => new(
        new Vector3d(Math.Min(Min.X, o.Min.X), Math.Min(Min.Y, o.Min.Y), Math.Min(Min.Z, o.Min.Z)),
        new Vector3d(Math.Max(Max.X, o.Max.X), Math.Max(Max.Y, o.Max.Y), Math.Max(Max.Z, o.Max.Z)));

    /// <summary>The overlap (possibly empty, Min &gt; Max on some axis).</summary>
    public Aabb Intersect(Aabb o) => new(
        new Vector3d(Math.Max(Min.X, o.Min.X), Math.Max(Min.Y, o.Min.Y), Math.Max(Min.Z, o.Min.Z)),
        new Vector3d(Math.Min(Max.X, o.Max.X), Math.Min(Max.Y, o.Max.Y), Math.Min(Max.Z, o.Max.Z)));

    /// <summary>True when the box holds no point.</summary>
    public bool IsEmpty => Min.X > Max.X || Min.Y > Max.Y || Min.Z > Max.Z;

    /// <summary>The w-range where p0 + w s lies in the box (slab method); false when the line misses it.</summary>
    public bool RowRange(double x0, double y0, double z0, double sx, double sy, double sz, out double lo, out double hi)
    {
        lo = double.NegativeInfinity;
        hi = double.PositiveInfinity;
        return Slab(x0, sx, Min.X, Max.X, ref lo, ref hi) && Slab(y0, sy, Min.Y, Max.Y, ref lo, ref hi) && Slab(z0, sz, Min.Z, Max.Z, ref lo, ref hi);
    }

    private static bool Slab(double p, double s, double min, double max, ref double lo, ref double hi)
    {
        if (s == 0) return p >= min && p <= max;
        double a = (min - p) / s, b = (max - p) / s;
        if (a > b) (a, b) = (b, a);
        lo = Math.Max(lo, a);
        hi = Math.Min(hi, b);
        return lo <= hi;
    }

    /// <summary>Euclidean distance from a point to the box (0 inside).</summary>
    public double DistanceTo(double x, double y, double z)
    {
        var dx = Math.Max(Math.Max(Min.X - x, x - Max.X), 0);
        var dy = Math.Max(Math.Max(Min.Y - y, y - Max.Y), 0);
        var dz = Math.Max(Math.Max(Min.Z - z, z - Max.Z), 0);
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
