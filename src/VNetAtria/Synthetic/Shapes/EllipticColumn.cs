using VNetAtria.Imaging;

namespace VNetAtria.Synthetic.Shapes;

/// <summary>
/// An elliptic cylinder along the anatomy z axis (body outline, spine, great vessels), optionally capped to
/// [<c>zMin</c>, <c>zMax</c>]. Unbounded columns are clipped to the volume by the renderer.
/// </summary>
internal sealed class EllipticColumn : Shape
{
    private readonly double _cx, _cy, _ax, _ay, _zMin, _zMax;

    /// <summary>A column with centre (<paramref name="cx"/>, <paramref name="cy"/>) and semi-axes (<paramref name="ax"/>, <paramref name="ay"/>), mm.</summary>
    public EllipticColumn(double cx, double cy, double ax, double ay, double zMin = double.NegativeInfinity, double zMax = double.PositiveInfinity)
    {
        (_cx, _cy, _ax, _ay, _zMin, _zMax) = (cx, cy, ax, ay, zMin, zMax);
        const double far = 1e6;
        Bounds = new Aabb(new Vector3d(cx - ax, cy - ay, Math.Max(zMin, -far)), new Vector3d(cx + ax, cy + ay, Math.Min(zMax, far)));
    }

    /// <inheritdoc />
    public override Aabb Bounds { get; }

    // As for the ellipsoid: Distance < m needs rho < 1 + m / min(a) and z within m of the caps;
    // rho <= 1 - m / min(a) with z at least m inside the caps gives Distance <= -m.

    /// <inheritdoc />
    public override bool OuterRange(double x0, double y0, double z0, double sx, double sy, double sz, double margin, out double lo, out double hi) =>
        Range(x0, y0, z0, sx, sy, sz, 1 + margin / Math.Min(_ax, _ay), _zMin - margin, _zMax + margin, out lo, out hi);

    /// <inheritdoc />
    public override bool InnerRange(double x0, double y0, double z0, double sx, double sy, double sz, double margin, out double lo, out double hi)
    {
        var t = 1 - margin / Math.Min(_ax, _ay);
        if (t <= 0) { lo = hi = 0; return false; }
        return Range(x0, y0, z0, sx, sy, sz, t, _zMin + margin, _zMax - margin, out lo, out hi);
    }

    private bool Range(double x0, double y0, double z0, double sx, double sy, double sz, double t, double zMin, double zMax, out double lo, out double hi)
    {
        double ux = (x0 - _cx) / _ax, uy = (y0 - _cy) / _ay, vx = sx / _ax, vy = sy / _ay;
        if (!QuadraticRange(vx * vx + vy * vy, 2 * (ux * vx + uy * vy), ux * ux + uy * uy - t * t, out lo, out hi)) return false;
        return ClipLinear(z0, sz, zMin, zMax, ref lo, ref hi);
    }

    /// <inheritdoc />
    public override double Distance(double x, double y, double z)
    {
        double qx = (x - _cx) / _ax, qy = (y - _cy) / _ay;
        var rho2 = qx * qx + qy * qy;
        double d;
        if (rho2 < 1e-18) d = -Math.Min(_ax, _ay);
        else
        {
            var rho = Math.Sqrt(rho2);
            double gx = qx / _ax, gy = qy / _ay;
            d = (rho - 1) * rho / Math.Sqrt(gx * gx + gy * gy);
        }
        return Math.Max(d, Math.Max(_zMin - z, z - _zMax));
    }
}
