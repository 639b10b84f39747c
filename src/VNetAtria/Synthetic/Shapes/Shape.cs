namespace VNetAtria.Synthetic.Shapes;

/// <summary>
/// A solid given by an approximate signed distance (mm, negative inside) in the anatomy frame
/// (x left, y posterior, z superior, origin at the atrium centre). The approximation is first order: exact on the
/// surface, close to the true distance within a few mm of it, which is all that soft edges and thin walls need.
/// </summary>
internal abstract class Shape
{
    /// <summary>A box outside of which the distance is positive.</summary>
    public abstract Aabb Bounds { get; }

    /// <summary>Approximate signed distance of (x, y, z) to the surface, mm.</summary>
    public abstract double Distance(double x, double y, double z);

    /// <summary>
    /// A range [lo, hi] of the row parameter w outside which Distance(p0 + w s) &gt;= <paramref name="margin"/> for sure;
    /// false when the row never comes that close. The renderer evaluates distances only inside it.
    /// The default is the whole row.
    /// </summary>
    public virtual bool OuterRange(double x0, double y0, double z0, double sx, double sy, double sz, double margin, out double lo, out double hi)
    {
        lo = double.NegativeInfinity;
        hi = double.PositiveInfinity;
        return true;
    }

    /// <summary>
    /// A range [lo, hi] of w inside which Distance(p0 + w s) &lt;= -<paramref name="margin"/> for sure (the renderer
    /// fills it without evaluating); false when there is none. The default claims none.
    /// </summary>
    public virtual bool InnerRange(double x0, double y0, double z0, double sx, double sy, double sz, double margin, out double lo, out double hi)
    {
        lo = hi = 0;
        return false;
    }

    /// <summary>The w-range where a w^2 + b w + c &lt;= 0, for a &gt;= 0; false when empty.</summary>
    protected static bool QuadraticRange(double a, double b, double c, out double lo, out double hi)
    {
        lo = hi = 0;
        if (a <= 0)
        {
            if (b == 0)
            {
                lo = double.NegativeInfinity;
                hi = double.PositiveInfinity;
                return c <= 0;
            }
            // Linear: b w + c <= 0.
            if (b > 0) { lo = double.NegativeInfinity; hi = -c / b; }
            else { lo = -c / b; hi = double.PositiveInfinity; }
            return true;
        }
        var disc = b * b - 4 * a * c;
        if (disc < 0) return false;
        var root = Math.Sqrt(disc);
        lo = (-b - root) / (2 * a);
        hi = (-b + root) / (2 * a);
        return true;
    }

    /// <summary>Intersects [lo, hi] with the w-range where z0 + w sz lies in [zMin, zMax]; false when empty.</summary>
    protected static bool ClipLinear(double z0, double sz, double zMin, double zMax, ref double lo, ref double hi)
    {
        if (sz == 0) return z0 >= zMin && z0 <= zMax && lo <= hi;
        double a = (zMin - z0) / sz, b = (zMax - z0) / sz;
        if (a > b) (a, b) = (b, a);
        if (!double.IsNaN(a)) lo = Math.Max(lo, a);
        if (!double.IsNaN(b)) hi = Math.Min(hi, b);
        return lo <= hi;
    }

    /// <summary>
    /// Polynomial smooth minimum (Quilez): equals min(a, b) when they differ by more than <paramref name="k"/>,
    /// and rounds the crease where two solids meet, like the funnel of a vein ostium.
    /// </summary>
    public static double SmoothMin(double a, double b, double k)
    {
        if (k <= 0) return Math.Min(a, b);
        var h = Math.Max(k - Math.Abs(a - b), 0) / k;
        return Math.Min(a, b) - h * h * k * 0.25;
    }
}
