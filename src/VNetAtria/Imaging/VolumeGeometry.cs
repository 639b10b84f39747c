namespace VNetAtria.Imaging;

/// <summary>
/// Where a volume's voxels lie in the patient's world, with the ITK / 3D Slicer convention:
/// world coordinates are LPS millimetres (+x left, +y posterior, +z superior) and refer to voxel centres.
/// <para>
/// world(d, h, w) = Origin + d * Spacing.D * AxisD + h * Spacing.H * AxisH + w * Spacing.W * AxisW,
/// where AxisD/H/W are unit vectors (the direction of increasing array index on each axis).
/// With the identity direction, W runs along +x, H along +y and D along +z, as ITK's (i, j, k) = (x, y, z).
/// </para>
/// Readers convert other spaces (RAS, scanner-xyz) to LPS; <see cref="SourceSpace"/> keeps the name the file used.
/// </summary>
public sealed record VolumeGeometry
{
    /// <summary>Geometry of a volume with 1 mm spacing, origin 0 and identity direction.</summary>
    public static VolumeGeometry Identity { get; } = new();

    /// <summary>Voxel spacing in mm, (D, H, W).</summary>
    public Spacing3 Spacing { get; init; } = Spacing3.One;

    /// <summary>World (LPS, mm) position of the centre of voxel (0, 0, 0).</summary>
    public Vector3d Origin { get; init; }

    /// <summary>Unit world direction of increasing D index.</summary>
    public Vector3d AxisD { get; init; } = new(0, 0, 1);

    /// <summary>Unit world direction of increasing H index.</summary>
    public Vector3d AxisH { get; init; } = new(0, 1, 0);

    /// <summary>Unit world direction of increasing W index.</summary>
    public Vector3d AxisW { get; init; } = new(1, 0, 0);

    /// <summary>
    /// The space the source file named (e.g. "right-anterior-superior"), or null when it named none.
    /// Informational only: <see cref="Origin"/> and the axes are always LPS.
    /// </summary>
    public string? SourceSpace { get; init; }

    /// <summary>Geometry with the given spacing and otherwise identity placement.</summary>
    public static VolumeGeometry WithSpacingOnly(Spacing3 spacing) => new() { Spacing = spacing };

    /// <summary>World position (LPS mm) of a possibly fractional voxel index.</summary>
    public Vector3d WorldOf(double d, double h, double w) =>
        Origin + AxisD * (d * Spacing.D) + AxisH * (h * Spacing.H) + AxisW * (w * Spacing.W);

    /// <summary>World position of an integer voxel index.</summary>
    public Vector3d WorldOf(Index3 i) => WorldOf(i.D, i.H, i.W);

    /// <summary>
    /// Geometry of a sub-volume that starts at <paramref name="start"/> of this one (negative for padding):
    /// same spacing and axes, origin moved to the world position of that voxel.
    /// </summary>
    public VolumeGeometry Shifted(Index3 start) => this with { Origin = WorldOf(start) };

    /// <summary>Geometry after resampling by a per-axis factor (new spacing = old / factor) keeping the first voxel's corner.</summary>
    public VolumeGeometry Rescaled(double factorD, double factorH, double factorW)
    {
        var s = new Spacing3(Spacing.D / factorD, Spacing.H / factorH, Spacing.W / factorW);
        // The corner of voxel 0 stays put: centre moves by half a new voxel minus half an old one.
        var corner = WorldOf(-0.5, -0.5, -0.5);
        var origin = corner + AxisD * (0.5 * s.D) + AxisH * (0.5 * s.H) + AxisW * (0.5 * s.W);
        return this with { Spacing = s, Origin = origin };
    }

    /// <summary>
    /// Checks spacing is positive and finite and the axes are unit length and mutually orthogonal
    /// within <paramref name="tolerance"/>. Returns null when valid, else a description of the problem.
    /// </summary>
    public string? Problem(double tolerance = 1e-4)
    {
        if (!Spacing.IsValid) return $"spacing {Spacing} must be finite and positive";
        foreach (var (name, axis) in new[] { ("D", AxisD), ("H", AxisH), ("W", AxisW) })
        {
            if (!double.IsFinite(axis.X) || !double.IsFinite(axis.Y) || !double.IsFinite(axis.Z)) return $"axis {name} direction {axis} is not finite";
            if (Math.Abs(axis.Length - 1) > tolerance) return $"axis {name} direction {axis} is not a unit vector";
        }
        if (Math.Abs(AxisD.Dot(AxisH)) > tolerance || Math.Abs(AxisD.Dot(AxisW)) > tolerance || Math.Abs(AxisH.Dot(AxisW)) > tolerance)
            return "axis directions are not orthogonal";
        if (!double.IsFinite(Origin.X) || !double.IsFinite(Origin.Y) || !double.IsFinite(Origin.Z)) return $"origin {Origin} is not finite";
        return null;
    }

    /// <summary>True when spacing, origin and axes agree within the tolerances (mm for origin, relative for spacing).</summary>
    public bool ApproximatelyEquals(VolumeGeometry other, double originToleranceMm = 1e-3, double relativeSpacingTolerance = 1e-4, double directionTolerance = 1e-4)
    {
        static bool Close(double a, double b, double rel) => Math.Abs(a - b) <= rel * Math.Max(Math.Abs(a), Math.Abs(b));
        return Close(Spacing.D, other.Spacing.D, relativeSpacingTolerance) &&
               Close(Spacing.H, other.Spacing.H, relativeSpacingTolerance) &&
               Close(Spacing.W, other.Spacing.W, relativeSpacingTolerance) &&
               Origin.ApproximatelyEquals(other.Origin, originToleranceMm) &&
               AxisD.ApproximatelyEquals(other.AxisD, directionTolerance) &&
               AxisH.ApproximatelyEquals(other.AxisH, directionTolerance) &&
               AxisW.ApproximatelyEquals(other.AxisW, directionTolerance);
    }

    /// <summary>The one-line description used by `volume info`.</summary>
    public override string ToString() =>
        $"spacing {Spacing}, origin {Origin}, axes D {AxisD} H {AxisH} W {AxisW} (LPS)";
}
