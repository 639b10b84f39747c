using VNetAtria.Imaging;

namespace VNetAtria.Synthetic.Shapes;

/// <summary>
/// A tube from <see cref="Start"/> (radius r0) to <see cref="End"/> (radius r1) with round ends, the radius varying
/// linearly along it (a vein or appendage piece). With a cut fraction t_c &lt; 1 the tube ends in a flat face at
/// Start + t_c (End - Start): the labelled ostial part of a vein.
/// </summary>
internal sealed class TaperedSegment : Shape
{
    private readonly double _px, _py, _pz, _vx, _vy, _vz, _invLen2, _len, _r0, _r1, _cut;

    /// <summary>A tube between two points with end radii (mm) and an optional flat cut at fraction <paramref name="cut"/> in (0, 1].</summary>
    public TaperedSegment(Vector3d start, Vector3d end, double r0, double r1, double cut = 1)
    {
        Start = start;
        End = end;
        (_px, _py, _pz) = (start.X, start.Y, start.Z);
        (_vx, _vy, _vz) = (end.X - start.X, end.Y - start.Y, end.Z - start.Z);
        var len2 = _vx * _vx + _vy * _vy + _vz * _vz;
        _invLen2 = len2 > 0 ? 1 / len2 : 0;
        _len = Math.Sqrt(len2);
        (_r0, _r1, _cut) = (r0, r1, Math.Clamp(cut, 0, 1));
        var cutEnd = start + (end - start) * _cut;
        var rCut = r0 + (r1 - r0) * _cut;
        Bounds = Aabb.OfBall(start, r0).Union(Aabb.OfBall(cutEnd, rCut));
    }

    /// <summary>First end point, mm.</summary>
    public Vector3d Start { get; }

    /// <summary>Second end point (before any cut), mm.</summary>
    public Vector3d End { get; }

    /// <summary>Fraction of Start-to-End where the flat cut lies (1: no cut).</summary>
    public double Cut => _cut;

    /// <summary>The point at fraction <paramref name="t"/> of the way from Start to End.</summary>
    public Vector3d PointAt(double t) => Start + (End - Start) * t;

    /// <inheritdoc />
    public override Aabb Bounds { get; }

    /// <inheritdoc />
    public override double Distance(double x, double y, double z)
    {
        double wx = x - _px, wy = y - _py, wz = z - _pz;
        var t = (wx * _vx + wy * _vy + wz * _vz) * _invLen2;
        var tc = Math.Clamp(t, 0, _cut);
        double dx = wx - tc * _vx, dy = wy - tc * _vy, dz = wz - tc * _vz;
        var d = Math.Sqrt(dx * dx + dy * dy + dz * dz) - (_r0 + (_r1 - _r0) * tc);
        return _cut < 1 ? Math.Max(d, (t - _cut) * _len) : d;
    }
}
