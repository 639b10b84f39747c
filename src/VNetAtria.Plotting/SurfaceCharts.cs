using System.Numerics;
using Plotly.NET;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting.Internal;

namespace VNetAtria.Plotting;

/// <summary>
/// 3D surfaces of segmentations as plotly Mesh3d (marching cubes from <see cref="MarchingCubes"/>), in world mm,
/// optionally coloured per vertex by the signed distance to a reference segmentation's surface.
/// </summary>
public static class SurfaceCharts
{
    /// <summary>A mesh drawn in one colour.</summary>
    public static GenericChart Mesh(TriangleMesh mesh, string name = "surface", string color = "#e57373", double opacity = 1.0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        return Chart([MeshTrace(mesh, name, ("color", color), ("opacity", opacity))], title);
    }

    /// <summary>
    /// The surface of a mask (non-zero voxels) by marching cubes. A full-resolution LASC atrium gives about half a
    /// million triangles (some 15 MB of JSON); <paramref name="step"/> k keeps every k-th voxel on each axis first, for
    /// about k² times fewer triangles.
    /// </summary>
    public static GenericChart Segmentation<T>(Volume<T> mask, string name = "segmentation", string color = "#e57373", string? title = null, int step = 1)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Mesh(MarchingCubes.ExtractMask(Subsample(mask, step)), name, color, 1.0, title);
    }

    /// <summary>
    /// Every <paramref name="step"/>-th voxel on each axis (nearest neighbour, for display), with the geometry of the
    /// kept voxels: same origin and axes, spacing times the step.
    /// </summary>
    public static Volume<T> Subsample<T>(Volume<T> volume, int step) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "The subsampling step must be at least 1.");
        if (step == 1) return volume;
        var s = volume.Shape;
        var shape = new Shape3((s.Depth + step - 1) / step, (s.Height + step - 1) / step, (s.Width + step - 1) / step);
        var sp = volume.Geometry.Spacing;
        var result = new Volume<T>(shape, geometry: volume.Geometry with { Spacing = new Spacing3(sp.D * step, sp.H * step, sp.W * step) });
        for (var d = 0; d < shape.Depth; d++)
        for (var h = 0; h < shape.Height; h++)
        for (var w = 0; w < shape.Width; w++)
            result[d, h, w] = volume[d * step, h * step, w * step];
        return result;
    }

    /// <summary>
    /// The prediction's surface coloured by its signed distance (mm) to the reference's surface: positive where the
    /// prediction lies outside the reference (over-segmentation), negative inside (under-segmentation); see
    /// <see cref="SignedDistanceToSurface{T}"/>. <paramref name="step"/> subsamples the drawn mesh as in
    /// <see cref="Segmentation{T}"/>. The colour range is symmetric, ± the largest |distance| or
    /// <paramref name="colourLimitMm"/>.
    /// </summary>
    public static GenericChart DistanceToReference<TPrediction, TReference>(Volume<TPrediction> prediction, Volume<TReference> reference,
        double? colourLimitMm = null, string? title = null, int step = 1)
        where TPrediction : unmanaged, INumber<TPrediction> where TReference : unmanaged, INumber<TReference>
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        if (prediction.Shape != reference.Shape)
            throw new ArgumentException($"SurfaceCharts: the prediction has shape {prediction.Shape}, the reference {reference.Shape}; they must be on the same grid.", nameof(reference));
        // The distances are measured at full resolution; only the drawn mesh is subsampled.
        var mesh = MarchingCubes.ExtractMask(Subsample(prediction, step));
        var field = SignedDistanceToSurface(reference);
        var distances = SampleAtVertices(mesh, reference.Geometry, reference.Shape, field);
        var limit = colourLimitMm ?? Math.Max(1e-6, distances.Length == 0 ? 1 : distances.Max(Math.Abs));
        var trace = MeshTrace(mesh, "prediction",
            ("intensity", distances.Select(d => PlotlyFigure.Round(d, 3)).ToArray()),
            ("intensitymode", "vertex"),
            ("colorscale", new object[] { new object[] { 0, "#2166ac" }, new object[] { 0.5, "#f7f7f7" }, new object[] { 1, "#b2182b" } }),
            ("cmin", -limit), ("cmax", limit),
            ("colorbar", new Dictionary<string, object> { ["title"] = PlotlyFigure.Title("distance to reference (mm)") }));
        return Chart([trace], title);
    }

    /// <summary>
    /// An approximate signed distance (mm) to the surface of a mask (non-zero voxels), sampled at voxel centres: outside,
    /// the exact distance to the nearest foreground voxel minus half a voxel; inside, minus (the distance to the nearest
    /// background voxel minus half a voxel). Half a voxel is half the smallest spacing, so the zero level passes half-way
    /// between neighbouring foreground and background voxels - where <see cref="MarchingCubes.ExtractMask{T}"/> puts its
    /// vertices - exactly for isotropic spacing and within half the spacing difference otherwise.
    /// </summary>
    public static float[] SignedDistanceToSurface<T>(Volume<T> mask) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(mask);
        var inside = mask.Data.Select(v => !T.IsZero(v)).ToArray();
        var outside = inside.Select(b => !b).ToArray();
        var spacing = mask.Geometry.Spacing;
        var toForeground = DistanceTransform.DistanceToNearest(inside, mask.Shape, spacing);
        var toBackground = DistanceTransform.DistanceToNearest(outside, mask.Shape, spacing);
        var half = (float)(Math.Min(spacing.D, Math.Min(spacing.H, spacing.W)) / 2);
        var field = new float[inside.Length];
        for (var i = 0; i < field.Length; i++)
            field[i] = inside[i] ? -(toBackground[i] - half) : toForeground[i] - half;
        return field;
    }

    /// <summary>
    /// Trilinear interpolation of a voxel field at every mesh vertex (world positions mapped back to fractional voxel
    /// indices through <paramref name="geometry"/>; positions outside the grid are clamped to it).
    /// </summary>
    public static double[] SampleAtVertices(TriangleMesh mesh, VolumeGeometry geometry, Shape3 shape, float[] field)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(field);
        if (field.LongLength != shape.VoxelCount)
            throw new ArgumentException($"The field has {field.LongLength} values; shape {shape} needs {shape.VoxelCount}.", nameof(field));
        var result = new double[mesh.Vertices.Length];
        for (var v = 0; v < result.Length; v++)
        {
            var p = mesh.Vertices[v] - geometry.Origin;
            // The axes are orthonormal, so projecting on each gives its index times the spacing.
            var d = Math.Clamp(p.Dot(geometry.AxisD) / geometry.Spacing.D, 0, shape.Depth - 1);
            var h = Math.Clamp(p.Dot(geometry.AxisH) / geometry.Spacing.H, 0, shape.Height - 1);
            var w = Math.Clamp(p.Dot(geometry.AxisW) / geometry.Spacing.W, 0, shape.Width - 1);
            result[v] = Trilinear(field, shape, d, h, w);
        }
        return result;
    }

    private static double Trilinear(float[] f, Shape3 s, double d, double h, double w)
    {
        int d0 = Math.Min((int)d, s.Depth - 1), h0 = Math.Min((int)h, s.Height - 1), w0 = Math.Min((int)w, s.Width - 1);
        int d1 = Math.Min(d0 + 1, s.Depth - 1), h1 = Math.Min(h0 + 1, s.Height - 1), w1 = Math.Min(w0 + 1, s.Width - 1);
        double td = d - d0, th = h - h0, tw = w - w0;
        double At(int a, int b, int c) => f[s.Offset(a, b, c)];
        double Lerp(double a, double b, double t) => a + (b - a) * t;
        return Lerp(
            Lerp(Lerp(At(d0, h0, w0), At(d0, h0, w1), tw), Lerp(At(d0, h1, w0), At(d0, h1, w1), tw), th),
            Lerp(Lerp(At(d1, h0, w0), At(d1, h0, w1), tw), Lerp(At(d1, h1, w0), At(d1, h1, w1), tw), th),
            td);
    }

    private static Trace MeshTrace(TriangleMesh mesh, string name, params (string, object?)[] extra)
    {
        var t = mesh.Triangles;
        var attributes = new List<(string, object?)>
        {
            ("name", name),
            // 0.01 mm is far below any voxel: rounding keeps the page small without moving the surface visibly.
            ("x", mesh.Vertices.Select(p => Math.Round(p.X, 2)).ToArray()),
            ("y", mesh.Vertices.Select(p => Math.Round(p.Y, 2)).ToArray()),
            ("z", mesh.Vertices.Select(p => Math.Round(p.Z, 2)).ToArray()),
            ("i", Enumerable.Range(0, mesh.TriangleCount).Select(k => t[3 * k]).ToArray()),
            ("j", Enumerable.Range(0, mesh.TriangleCount).Select(k => t[3 * k + 1]).ToArray()),
            ("k", Enumerable.Range(0, mesh.TriangleCount).Select(k => t[3 * k + 2]).ToArray()),
            ("flatshading", false),
            ("showlegend", true),
        };
        attributes.AddRange(extra);
        return PlotlyFigure.Trace("mesh3d", attributes.ToArray());
    }

    private static GenericChart Chart(IEnumerable<Trace> traces, string? title)
    {
        Dictionary<string, object> Axis(string text) => new() { ["title"] = PlotlyFigure.Title(text) };
        return PlotlyFigure.Chart(traces,
            ("title", title is null ? null : PlotlyFigure.Title(title)),
            ("scene", new Dictionary<string, object>
            {
                ["xaxis"] = Axis("x (LPS mm)"), ["yaxis"] = Axis("y (LPS mm)"), ["zaxis"] = Axis("z (LPS mm)"),
                // Equal mm on every axis: the shape is not stretched to a cube.
                ["aspectmode"] = "data",
            }),
            ("width", 900), ("height", 750));
    }
}
