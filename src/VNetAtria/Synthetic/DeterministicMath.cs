namespace VNetAtria.Synthetic;

/// <summary>
/// Sine and cosine from additions, multiplications and divisions only, so that their results are bit-identical on
/// every platform (Math.Sin/Cos call the C runtime, whose last bit may differ between operating systems).
/// The generator otherwise uses only +, -, *, / and <see cref="Math.Sqrt"/>, which IEEE 754 rounds exactly;
/// RyuJIT does not contract a*b+c into fused multiply-adds on its own, so the order of operations is as written.
/// </summary>
internal static class DeterministicMath
{
    /// <summary>sin(<paramref name="x"/>) for |x| up to a few turns; absolute error below 1e-15 near the origin.</summary>
    public static double Sin(double x)
    {
        // Reduce to [-pi, pi] then to [-pi/2, pi/2] with sin(pi - x) = sin(x).
        const double twoPi = 2 * Math.PI;
        if (!double.IsFinite(x)) return double.NaN;
        var turns = Math.Round(x / twoPi);
        var r = x - turns * twoPi;
        if (r > Math.PI / 2) r = Math.PI - r;
        else if (r < -Math.PI / 2) r = -Math.PI - r;
        // Taylor series to x^21: the first omitted term is below 1.6e-17 for |r| <= pi/2.
        var r2 = r * r;
        var term = r;
        var sum = r;
        for (var n = 1; n <= 10; n++)
        {
            term = -term * r2 / ((2 * n) * (2 * n + 1));
            sum += term;
        }
        return sum;
    }

    /// <summary>cos(<paramref name="x"/>) as sin(x + pi/2).</summary>
    public static double Cos(double x) => Sin(x + Math.PI / 2);

    /// <summary>Degrees to radians.</summary>
    public static double Radians(double degrees) => degrees * (Math.PI / 180);

    /// <summary>Hermite smooth step from 0 at <paramref name="edge0"/> to 1 at <paramref name="edge1"/>.</summary>
    public static double SmoothStep(double edge0, double edge1, double x)
    {
        var t = Math.Clamp((x - edge0) / (edge1 - edge0), 0, 1);
        return t * t * (3 - 2 * t);
    }
}
