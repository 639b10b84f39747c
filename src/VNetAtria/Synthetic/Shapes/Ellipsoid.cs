using VNetAtria.Imaging;

namespace VNetAtria.Synthetic.Shapes;

/// <summary>
/// An axis-aligned ellipsoid whose radius is modulated by low-order spherical-harmonic-like bumps:
/// with q = (p - c) / a (per axis) and u = q / |q|, the surface is |q| = R(u), R(u) = 1 + sum_k c_k Y_k(u),
/// Y_k the 15 real harmonics of degree 1-3 written as polynomials in u (unnormalised). R is clamped to
/// [<see cref="MinRadius"/>, <see cref="MaxRadius"/>] so the solid stays star-shaped and bounded.
/// </summary>
internal sealed class Ellipsoid : Shape
{
    /// <summary>Number of bump coefficients (degrees 1 to 3).</summary>
    public const int BumpCount = 15;

    /// <summary>Smallest relative radius.</summary>
    public const double MinRadius = 0.6;

    /// <summary>Largest relative radius.</summary>
    public const double MaxRadius = 1.45;

    private readonly double _cx, _cy, _cz, _ax, _ay, _az;
    private readonly double[]? _bumps;

    /// <summary>An ellipsoid with centre <paramref name="centre"/>, semi-axes <paramref name="semiAxes"/> (mm) and optional bumps.</summary>
    public Ellipsoid(Vector3d centre, Vector3d semiAxes, double[]? bumps = null)
    {
        if (bumps is not null && bumps.Length != BumpCount) throw new ArgumentException($"Ellipsoid: {BumpCount} bump coefficients expected, {bumps.Length} given.", nameof(bumps));
        Centre = centre;
        SemiAxes = semiAxes;
        (_cx, _cy, _cz) = (centre.X, centre.Y, centre.Z);
        (_ax, _ay, _az) = (semiAxes.X, semiAxes.Y, semiAxes.Z);
        _bumps = bumps;
        var reach = bumps is null ? 1.0 : MaxRadius;
        Bounds = new Aabb(centre - semiAxes * reach, centre + semiAxes * reach);
    }

    /// <summary>Centre, mm.</summary>
    public Vector3d Centre { get; }

    /// <summary>Semi-axes before bumps, mm.</summary>
    public Vector3d SemiAxes { get; }

    /// <inheritdoc />
    public override Aabb Bounds { get; }

    /// <summary>The relative radius R(u) along unit direction u in the normalised (q) space.</summary>
    public double RelativeRadius(double ux, double uy, double uz)
    {
        var b = _bumps;
        if (b is null) return 1;
        double x2 = ux * ux, y2 = uy * uy, z2 = uz * uz;
        var r = 1
            + b[0] * ux + b[1] * uy + b[2] * uz
            + b[3] * ux * uy + b[4] * uy * uz + b[5] * ux * uz + b[6] * (x2 - y2) + b[7] * (3 * z2 - 1)
            + b[8] * ux * (x2 - 3 * y2) + b[9] * uy * (3 * x2 - y2) + b[10] * uz * (x2 - y2) + b[11] * ux * uy * uz
            + b[12] * ux * (5 * z2 - 1) + b[13] * uy * (5 * z2 - 1) + b[14] * uz * (5 * z2 - 3);
        return Math.Clamp(r, MinRadius, MaxRadius);
    }

    /// <summary>Distance from the centre to the surface along the world direction <paramref name="direction"/> (unit), mm.</summary>
    public double SurfaceDistanceAlong(Vector3d direction)
    {
        double qx = direction.X / _ax, qy = direction.Y / _ay, qz = direction.Z / _az;
        var rho = Math.Sqrt(qx * qx + qy * qy + qz * qz);
        return RelativeRadius(qx / rho, qy / rho, qz / rho) / rho;
    }

    private double MinSemiAxis => Math.Min(_ax, Math.Min(_ay, _az));

    // The distance below is (rho - R) * rho / |q / a| and rho / |q / a| >= min(a), so
    // Distance < m needs rho < R_max + m / min(a) and rho <= R_min - m / min(a) gives Distance <= -m.

    /// <inheritdoc />
    public override bool OuterRange(double x0, double y0, double z0, double sx, double sy, double sz, double margin, out double lo, out double hi) =>
        RhoRange(x0, y0, z0, sx, sy, sz, (_bumps is null ? 1 : MaxRadius) + margin / MinSemiAxis, out lo, out hi);

    /// <inheritdoc />
    public override bool InnerRange(double x0, double y0, double z0, double sx, double sy, double sz, double margin, out double lo, out double hi)
    {
        var t = (_bumps is null ? 1 : MinRadius) - margin / MinSemiAxis;
        if (t <= 0) { lo = hi = 0; return false; }
        return RhoRange(x0, y0, z0, sx, sy, sz, t, out lo, out hi);
    }

    private bool RhoRange(double x0, double y0, double z0, double sx, double sy, double sz, double t, out double lo, out double hi)
    {
        double ux = (x0 - _cx) / _ax, uy = (y0 - _cy) / _ay, uz = (z0 - _cz) / _az;
        double vx = sx / _ax, vy = sy / _ay, vz = sz / _az;
        return QuadraticRange(vx * vx + vy * vy + vz * vz, 2 * (ux * vx + uy * vy + uz * vz), ux * ux + uy * uy + uz * uz - t * t, out lo, out hi);
    }

    /// <inheritdoc />
    public override double Distance(double x, double y, double z)
    {
        double qx = (x - _cx) / _ax, qy = (y - _cy) / _ay, qz = (z - _cz) / _az;
        var rho2 = qx * qx + qy * qy + qz * qz;
        if (rho2 < 1e-18) return -Math.Min(_ax, Math.Min(_ay, _az)) * RelativeRadius(0, 0, 1);
        var rho = Math.Sqrt(rho2);
        var inv = 1 / rho;
        var r = RelativeRadius(qx * inv, qy * inv, qz * inv);
        // First order: (rho - R) / |grad rho|, with grad rho = (q / a) / rho.
        double gx = qx / _ax, gy = qy / _ay, gz = qz / _az;
        return (rho - r) * rho / Math.Sqrt(gx * gx + gy * gy + gz * gz);
    }
}
