namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Converts between NRRD axes and the library's (D, H, W) volume with LPS geometry.
/// NRRD axis 0 is the fastest (W), axis 1 is H, axis 2 is D. A space direction's length is that axis's spacing and
/// its unit vector the axis direction; RAS and LAS vectors are turned into LPS by negating x (and y).
/// Without space directions, old-style <c>spacings</c> (and <c>axis mins</c> for the origin) place the axes
/// along x, y and z. A 2-D file becomes one slice (D = 1) whose D axis is the right-handed normal W x H at 1 mm.
/// </summary>
internal static class NrrdGeometry
{
    private static readonly HashSet<string> SpatialKinds = new(StringComparer.OrdinalIgnoreCase) { "domain", "space", "time", "???", "none" };

    /// <summary>The volume shape and geometry the header describes; refuses what is not a 2-D or 3-D scalar image.</summary>
    public static (Shape3 Shape, VolumeGeometry Geometry) ToVolume(NrrdHeader h, List<string> warnings)
    {
        var path = h.FilePath;
        if (h.Dimension is < 2 or > 3)
            throw new VolumeFormatException(path, NrrdFieldNames.Dimension, h.Dimension == 1
                ? "1-D data (a list of values) is not a volume: expected a 3-D (or 2-D) image."
                : $"{h.Dimension}-D data is not supported: expected a 3-D scalar volume (or a 2-D image). " +
                  "A 4-D file (a list or vector axis such as Slicer's overlapping segmentation layers, or a time axis) can be split with 'unu slice -a <axis> -p <index>'.");
        if (h.Kinds is { } kinds)
            for (var i = 0; i < kinds.Count; i++)
                if (!SpatialKinds.Contains(kinds[i]))
                    throw new VolumeFormatException(path, NrrdFieldNames.Kinds,
                        $"axis {i} has kind '{kinds[i]}', which is not a spatial axis: expected a scalar volume whose axes are all domain (or space) axes.");

        var spacing = new double[3];
        var axes = new Vector3d[3];
        var origin = new Vector3d(0, 0, 0);
        var signs = h.Space is { } space ? NrrdSpaces.ToLpsSigns(space) : new Vector3d(1, 1, 1);
        if (h.Space is not null && NrrdSpaces.Refusal(h.Space) is { } refusal)
            throw new VolumeFormatException(path, NrrdFieldNames.Space, $"'{h.Space}': {refusal}.");
        if (h.SpaceDimension is { } sd && (sd > 3 || sd < h.Dimension))
            throw new VolumeFormatException(path, NrrdFieldNames.SpaceDimension,
                $"{sd} world coordinates for {h.Dimension} spatial axes: expected {(h.Dimension == 3 ? "3" : "2 or 3")}.");

        if (h.SpaceDirections is { } directions)
        {
            for (var i = 0; i < h.Dimension; i++)
            {
                if (directions[i] is not { } v)
                    throw new VolumeFormatException(path, NrrdFieldNames.SpaceDirections,
                        $"axis {i} has direction 'none' (not a spatial axis): expected a '(x,y,z)' vector for each of the {h.Dimension} axes of a scalar volume.");
                var length = v.Length;
                if (!(length > 0) || !double.IsFinite(length))
                    throw new VolumeFormatException(path, NrrdFieldNames.SpaceDirections, $"axis {i} direction {NrrdValueParsing.Format(v)} has length {length}: expected a non-zero vector whose length is the spacing.");
                spacing[i] = length;
                axes[i] = Times(v / length, signs);
            }
            if (h.SpaceOrigin is { } o) origin = Times(o, signs);
        }
        else
        {
            var unit = new[] { new Vector3d(1, 0, 0), new Vector3d(0, 1, 0), new Vector3d(0, 0, 1) };
            for (var i = 0; i < h.Dimension; i++)
            {
                var s = h.Spacings?[i] ?? double.NaN;
                if (double.IsNaN(s)) s = 1;
                if (!double.IsFinite(s) || s == 0)
                    throw new VolumeFormatException(path, NrrdFieldNames.Spacings, $"axis {i}: expected a finite non-zero spacing, found {NrrdValueParsing.Format(s)}.");
                // A negative old-style spacing means the axis runs the other way.
                spacing[i] = Math.Abs(s);
                axes[i] = Times(unit[i] * Math.Sign(s), signs);
            }
            if (h.SpaceOrigin is { } o) origin = Times(o, signs);
            else if (h.AxisMins is { } mins && mins.Take(h.Dimension).All(double.IsFinite))
            {
                // An axis min is the first sample's position, or its cell's lower edge with cell centering.
                var m = new double[3];
                for (var i = 0; i < h.Dimension; i++)
                {
                    var cell = h.Centers?[i].Equals("cell", StringComparison.OrdinalIgnoreCase) == true;
                    m[i] = mins[i] + (cell ? spacing[i] / 2 : 0);
                }
                origin = Times(new Vector3d(m[0], m[1], m[2]), signs);
            }
        }

        if (h.Dimension == 2)
        {
            var normal = axes[0].Cross(axes[1]);
            if (!(normal.Length > 1e-9))
                throw new VolumeFormatException(path, NrrdFieldNames.SpaceDirections, "the two axes are parallel: expected independent directions.");
            axes[2] = normal.Normalised();
            spacing[2] = 1;
        }

        var det = axes[0].Dot(axes[1].Cross(axes[2]));
        if (Math.Abs(det) < 1e-6)
            throw new VolumeFormatException(path, NrrdFieldNames.SpaceDirections, "the axis directions are (nearly) parallel: expected three independent directions.");
        if (Math.Abs(axes[0].Dot(axes[1])) > 1e-4 || Math.Abs(axes[0].Dot(axes[2])) > 1e-4 || Math.Abs(axes[1].Dot(axes[2])) > 1e-4)
            warnings.Add("the space directions are not orthogonal (a sheared grid); they were kept as given.");

        var shape = new Shape3(h.Dimension == 3 ? h.Sizes[2] : 1, h.Sizes[1], h.Sizes[0]);
        var geometry = new VolumeGeometry
        {
            Spacing = new Spacing3(spacing[2], spacing[1], spacing[0]),
            AxisW = axes[0],
            AxisH = axes[1],
            AxisD = axes[2],
            Origin = origin,
            SourceSpace = h.Space,
        };
        return (shape, geometry);
    }

    /// <summary>The <c>space directions</c> of a volume in LPS, NRRD axis order (W, H, D).</summary>
    public static Vector3d[] Directions(VolumeGeometry g) =>
        [g.AxisW * g.Spacing.W, g.AxisH * g.Spacing.H, g.AxisD * g.Spacing.D];

    private static Vector3d Times(Vector3d v, Vector3d signs) => new(v.X * signs.X, v.Y * signs.Y, v.Z * signs.Z);
}
