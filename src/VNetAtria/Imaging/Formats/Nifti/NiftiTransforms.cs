namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// Converts between the NIfTI-1 voxel-to-world transforms (RAS+ world, nifti1.h "METHOD 1/2/3") and
/// <see cref="VolumeGeometry"/> (LPS world). NIfTI index i runs fastest and is our W axis, j is H, k is D;
/// RAS becomes LPS by negating x and y.
/// </summary>
internal static class NiftiTransforms
{
    /// <summary>The RAS-to-LPS name <see cref="VolumeGeometry.SourceSpace"/> records for NIfTI files (NRRD's spelling).</summary>
    public const string RasSpaceName = "right-anterior-superior";

    /// <summary>Relative tolerance for sform columns being orthogonal; float32 storage leaves about 1e-7.</summary>
    private const double OrthogonalityTolerance = 1e-4;

    /// <summary>Where the geometry came from, for the metadata and for messages.</summary>
    public enum Source { Sform, Qform, PixdimOnly }

    /// <summary>
    /// The geometry the standard prescribes: sform when sform_code &gt; 0, else qform when qform_code &gt; 0,
    /// else pixdim scaling only (method 1), in millimetres (see <see cref="MillimetresPerUnit"/>). An sform with sheared or degenerate columns cannot be a
    /// <see cref="VolumeGeometry"/>; then the qform is used if the file has one (as ITK does), else the file
    /// is refused.
    /// </summary>
    public static (VolumeGeometry Geometry, Source Source) ToGeometry(NiftiHeader h, string path)
    {
        var (g, source) = ToGeometryInFileUnits(h, path);
        var mm = MillimetresPerUnit(h.XyztUnits);
        if (mm == 1) return (g, source);
        var s = g.Spacing;
        return (g with { Spacing = new Spacing3(s.D * mm, s.H * mm, s.W * mm), Origin = g.Origin * mm }, source);
    }

    /// <summary>
    /// The spatial unit of xyzt_units (its low 3 bits) in mm: metres 1000, microns 0.001; millimetres and
    /// "unknown" 1, as ITK and nifti1_io-based tools assume (nibabel ignores units altogether).
    /// </summary>
    public static double MillimetresPerUnit(byte xyztUnits) => (xyztUnits & 7) switch
    {
        1 => 1000.0, // NIFTI_UNITS_METER
        3 => 0.001,  // NIFTI_UNITS_MICRON
        _ => 1.0,
    };

    private static (VolumeGeometry Geometry, Source Source) ToGeometryInFileUnits(NiftiHeader h, string path)
    {
        string? sformProblem = null;
        if (h.SformCode > 0)
        {
            var g = FromSform(h, out sformProblem);
            if (g is not null) return (g, Source.Sform);
            if (h.QformCode <= 0)
                throw new VolumeFormatException(path, "srow_x/srow_y/srow_z",
                    $"sform_code is {h.SformCode} but the sform {sformProblem}, and there is no qform (qform_code 0) to fall back on; " +
                    "an orthogonal grid is required (resample the image, or fix the header's sform).");
        }
        if (h.QformCode > 0) return (FromQform(h, path), Source.Qform);
        return (FromPixdim(h), Source.PixdimOnly);
    }

    /// <summary>Method 3: world = srow * (i, j, k, 1). Null (and a reason) when the columns are not an orthogonal grid.</summary>
    private static VolumeGeometry? FromSform(NiftiHeader h, out string? problem)
    {
        var colI = new Vector3d(h.SrowX[0], h.SrowY[0], h.SrowZ[0]);
        var colJ = new Vector3d(h.SrowX[1], h.SrowY[1], h.SrowZ[1]);
        var colK = new Vector3d(h.SrowX[2], h.SrowY[2], h.SrowZ[2]);
        var offset = new Vector3d(h.SrowX[3], h.SrowY[3], h.SrowZ[3]);
        double si = colI.Length, sj = colJ.Length, sk = colK.Length;
        if (!(si > 0) || !(sj > 0) || !(sk > 0) || !double.IsFinite(si + sj + sk) || !IsFinite(offset))
        {
            problem = $"has a zero or non-finite column or offset (columns {colI}, {colJ}, {colK}, offset {offset})";
            return null;
        }
        Vector3d ui = colI / si, uj = colJ / sj, uk = colK / sk;
        if (Math.Abs(ui.Dot(uj)) > OrthogonalityTolerance || Math.Abs(ui.Dot(uk)) > OrthogonalityTolerance || Math.Abs(uj.Dot(uk)) > OrthogonalityTolerance)
        {
            problem = $"columns {colI}, {colJ}, {colK} are not orthogonal (sheared grid)";
            return null;
        }
        problem = null;
        return Make(ui, uj, uk, si, sj, sk, offset);
    }

    /// <summary>
    /// Method 2: the quaternion (b, c, d) with a = sqrt(1 - b² - c² - d²), qfac = -1 when pixdim[0] &lt; 0, and
    /// pixdim[1..3] as spacing; exactly nifti1_io.c's nifti_quatern_to_mat44 (including its special case
    /// for a ≈ 0 and its rule that non-positive pixdim counts as 1).
    /// </summary>
    private static VolumeGeometry FromQform(NiftiHeader h, string path)
    {
        double b = h.QuaternB, c = h.QuaternC, d = h.QuaternD;
        var offset = new Vector3d(h.QoffsetX, h.QoffsetY, h.QoffsetZ);
        if (!double.IsFinite(b) || !double.IsFinite(c) || !double.IsFinite(d) || !IsFinite(offset))
            throw new VolumeFormatException(path, "quatern_b/c/d, qoffset_x/y/z",
                $"qform_code is {h.QformCode} but the quaternion ({b}, {c}, {d}) or offset {offset} is not finite.");
        var a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7)
        {
            var norm = Math.Sqrt(b * b + c * c + d * d);
            if (!(norm > 0))
                throw new VolumeFormatException(path, "quatern_b/c/d", "the quaternion is degenerate.");
            b /= norm; c /= norm; d /= norm;
            a = 0;
        }
        else
        {
            a = Math.Sqrt(a);
        }
        var qfac = h.PixDim[0] < 0 ? -1.0 : 1.0;
        double dx = PositiveOrOne(h.PixDim[1]), dy = PositiveOrOne(h.PixDim[2]), dz = PositiveOrOne(h.PixDim[3]);
        var ui = new Vector3d(a * a + b * b - c * c - d * d, 2 * (b * c + a * d), 2 * (b * d - a * c));
        var uj = new Vector3d(2 * (b * c - a * d), a * a + c * c - b * b - d * d, 2 * (c * d + a * b));
        var uk = new Vector3d(2 * (b * d + a * c), 2 * (c * d - a * b), a * a + d * d - c * c - b * b) * qfac;
        return Make(ui, uj, uk, dx, dy, dz, offset);
    }

    /// <summary>
    /// Method 1 (ANALYZE compatibility): x = pixdim[1] * i, y = pixdim[2] * j, z = pixdim[3] * k. A negative pixdim
    /// flips that axis; a zero or non-finite one counts as 1 mm.
    /// </summary>
    private static VolumeGeometry FromPixdim(NiftiHeader h)
    {
        static (double Spacing, double Sign) Split(float p) =>
            float.IsFinite(p) && p != 0 ? (Math.Abs(p), Math.Sign(p)) : (1.0, 1.0);
        var (si, gi) = Split(h.PixDim[1]);
        var (sj, gj) = Split(h.PixDim[2]);
        var (sk, gk) = Split(h.PixDim[3]);
        return Make(new Vector3d(gi, 0, 0), new Vector3d(0, gj, 0), new Vector3d(0, 0, gk), si, sj, sk, default);
    }

    /// <summary>Builds LPS geometry from RAS unit columns for i (W), j (H), k (D), their spacings and the RAS offset.</summary>
    private static VolumeGeometry Make(Vector3d ui, Vector3d uj, Vector3d uk, double si, double sj, double sk, Vector3d offset) => new()
    {
        Spacing = new Spacing3(sk, sj, si),
        Origin = RasToLps(offset),
        AxisW = RasToLps(ui),
        AxisH = RasToLps(uj),
        AxisD = RasToLps(uk),
        SourceSpace = RasSpaceName,
    };

    /// <summary>RAS and LPS differ by the sign of x and y; the map is its own inverse.</summary>
    public static Vector3d RasToLps(Vector3d v) => new(-v.X, -v.Y, v.Z);

    /// <summary>The header transform fields for a geometry: srow rows, quaternion (b, c, d), offset and qfac.</summary>
    public static NiftiTransformFields FromGeometry(VolumeGeometry g)
    {
        // RAS columns for i (W), j (H), k (D).
        var ui = RasToLps(g.AxisW);
        var uj = RasToLps(g.AxisH);
        var uk = RasToLps(g.AxisD);
        var offset = RasToLps(g.Origin);
        var ci = ui * g.Spacing.W;
        var cj = uj * g.Spacing.H;
        var ck = uk * g.Spacing.D;
        var srowX = new[] { (float)ci.X, (float)cj.X, (float)ck.X, (float)offset.X };
        var srowY = new[] { (float)ci.Y, (float)cj.Y, (float)ck.Y, (float)offset.Y };
        var srowZ = new[] { (float)ci.Z, (float)cj.Z, (float)ck.Z, (float)offset.Z };

        // A left-handed grid (det < 0) is stored as a proper rotation with its k column negated and qfac = -1.
        var qfac = ui.Dot(uj.Cross(uk)) < 0 ? -1f : 1f;
        if (qfac < 0) uk = -uk;
        var (b, c, d) = RotationToQuaternion(ui, uj, uk);
        return new NiftiTransformFields(srowX, srowY, srowZ, (float)b, (float)c, (float)d, offset, qfac);
    }

    /// <summary>
    /// Quaternion (b, c, d) of a proper rotation with columns ui, uj, uk, with a &gt;= 0 as NIfTI requires;
    /// the branch structure follows nifti1_io.c's nifti_mat44_to_quatern for numerical stability.
    /// </summary>
    private static (double B, double C, double D) RotationToQuaternion(Vector3d ui, Vector3d uj, Vector3d uk)
    {
        double r11 = ui.X, r21 = ui.Y, r31 = ui.Z;
        double r12 = uj.X, r22 = uj.Y, r32 = uj.Z;
        double r13 = uk.X, r23 = uk.Y, r33 = uk.Z;
        double a, b, c, d;
        var trace = r11 + r22 + r33 + 1.0;
        if (trace > 0.5)
        {
            a = 0.5 * Math.Sqrt(trace);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        }
        else
        {
            var xd = 1.0 + r11 - (r22 + r33);
            var yd = 1.0 + r22 - (r11 + r33);
            var zd = 1.0 + r33 - (r11 + r22);
            if (xd > 1.0)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (r12 + r21) / b;
                d = 0.25 * (r13 + r31) / b;
                a = 0.25 * (r32 - r23) / b;
            }
            else if (yd > 1.0)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (r12 + r21) / c;
                d = 0.25 * (r23 + r32) / c;
                a = 0.25 * (r13 - r31) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (r13 + r31) / d;
                c = 0.25 * (r23 + r32) / d;
                a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) { b = -b; c = -c; d = -d; }
        }
        return (b, c, d);
    }

    private static double PositiveOrOne(float p) => p > 0 && float.IsFinite(p) ? p : 1.0;

    private static bool IsFinite(Vector3d v) => double.IsFinite(v.X) && double.IsFinite(v.Y) && double.IsFinite(v.Z);
}

/// <summary>The header's transform fields as <see cref="NiftiTransforms.FromGeometry"/> computes them (RAS).</summary>
internal sealed record NiftiTransformFields(
    float[] SrowX, float[] SrowY, float[] SrowZ,
    float QuaternB, float QuaternC, float QuaternD,
    Vector3d QOffset, float Qfac);
