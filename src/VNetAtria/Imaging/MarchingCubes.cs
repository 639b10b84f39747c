using System.Numerics;

namespace VNetAtria.Imaging;

/// <summary>
/// Iso-surface extraction by marching cubes (Lorensen and Cline, SIGGRAPH 1987) with the tables of
/// <see cref="MarchingCubesTables"/>: each cube of 8 neighbouring voxel centres is classified by which corners are
/// inside (value &gt; iso level), and its triangles are placed on the cube edges at the linearly interpolated crossing.
/// <para>
/// Vertices are shared (welded): one vertex per crossed grid edge, so triangles of neighbouring cubes meet in the same
/// vertices and a closed shape gives a closed, edge-manifold mesh. Positions are world (LPS mm) through the volume's
/// <see cref="VolumeGeometry"/>, so spacing and direction are honoured; triangles are wound outward (right-hand normal
/// from inside to outside) in world space, also when the axes form a left-handed frame.
/// </para>
/// </summary>
public static class MarchingCubes
{
    /// <summary>
    /// The surface between voxels with value &gt; <paramref name="isoLevel"/> (inside) and the rest of a scalar volume.
    /// For a smooth field (a distance function, a probability map) the interpolated vertices lie close to the true
    /// surface. With <paramref name="closeAtBorder"/> the volume is treated as surrounded by one layer of outside
    /// voxels (value min(volume minimum, iso - 1)), so shapes that touch the array border still give closed meshes.
    /// </summary>
    public static TriangleMesh Extract<T>(Volume<T> volume, double isoLevel, bool closeAtBorder = true) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!double.IsFinite(isoLevel))
            throw new ArgumentException($"MarchingCubes: iso level {isoLevel} must be finite.", nameof(isoLevel));
        var data = volume.Data;
        var min = double.PositiveInfinity;
        foreach (var x in data)
        {
            var v = double.CreateTruncating(x);
            if (!double.IsNaN(v)) min = Math.Min(min, v);
        }
        // NaN is never inside: it reads as the iso level itself (outside, since inside is strictly above).
        var padded = Padded(volume, (float)Math.Min(min, isoLevel - 1), v => double.IsNaN(v) ? (float)isoLevel : (float)v);
        return Run(padded, volume.Shape, volume.Geometry, isoLevel, closeAtBorder);
    }

    /// <summary>
    /// The surface of a binary mask (non-zero voxels are foreground): marching cubes on the 0/1 indicator at iso 0.5, so
    /// every vertex sits half-way between a foreground and a background voxel centre. The border is always closed.
    /// </summary>
    public static TriangleMesh ExtractMask<T>(Volume<T> mask) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(mask);
        var padded = Padded(mask, 0f, v => v != 0 ? 1f : 0f);
        return Run(padded, mask.Shape, mask.Geometry, 0.5, closeAtBorder: true);
    }

    /// <summary>The values as float with one layer of <paramref name="outside"/> around them: (D + 2, H + 2, W + 2), C order.</summary>
    private static float[] Padded<T>(Volume<T> volume, float outside, Func<double, float> map) where T : unmanaged, INumber<T>
    {
        var (depth, height, width) = (volume.Shape.Depth, volume.Shape.Height, volume.Shape.Width);
        var padded = new float[checked((depth + 2) * (height + 2) * (width + 2))];
        Array.Fill(padded, outside);
        var data = volume.Data;
        for (var d = 0; d < depth; d++)
        for (var h = 0; h < height; h++)
        {
            var src = volume.Shape.Offset(d, h, 0);
            var dst = ((d + 1) * (height + 2) + h + 1) * (width + 2) + 1;
            for (var w = 0; w < width; w++) padded[dst + w] = map(double.CreateTruncating(data[src + w]));
        }
        return padded;
    }

    private static TriangleMesh Run(float[] padded, Shape3 shape, VolumeGeometry geometry, double iso, bool closeAtBorder)
    {
        // Padded grid point (pd, ph, pw) is voxel (pd - 1, ph - 1, pw - 1); a cube at p spans p .. p + 1.
        var (pDepth, pHeight, pWidth) = (shape.Depth + 2, shape.Height + 2, shape.Width + 2);
        var (lo, hiShrink) = closeAtBorder ? (0, 1) : (1, 2);
        var vertexOf = new Dictionary<long, int>();
        var vertices = new List<Vector3d>();
        var triangles = new List<int>();
        var flip = Handedness(geometry) < 0;
        var offsets = MarchingCubesTables.CornerOffsets;
        var edgeCorners = MarchingCubesTables.EdgeCorners;
        var cornerStep = new int[8];
        for (var k = 0; k < 8; k++) cornerStep[k] = (offsets[k].D * pHeight + offsets[k].H) * pWidth + offsets[k].W;
        var corner = new float[8];
        var edgeVertex = new int[12];
        var isoF = (float)iso;
        for (var d = lo; d < pDepth - hiShrink; d++)
        for (var h = lo; h < pHeight - hiShrink; h++)
        {
            var row = (d * pHeight + h) * pWidth;
            for (var w = lo; w < pWidth - hiShrink; w++)
            {
                var cubeCase = 0;
                for (var k = 0; k < 8; k++)
                {
                    corner[k] = padded[row + w + cornerStep[k]];
                    if (corner[k] > isoF) cubeCase |= 1 << k;
                }
                if (cubeCase is 0 or 255) continue;
                var crossed = MarchingCubesTables.EdgeTable[cubeCase];
                for (var e = 0; e < 12; e++)
                {
                    if ((crossed & (1 << e)) == 0) continue;
                    var (a, b) = edgeCorners[e];
                    var o = offsets[a];
                    // One vertex per grid edge: the edge's lower grid point and its axis.
                    var key = (long)(row + w + cornerStep[a]) * 3 + MarchingCubesTables.EdgeAxis[e];
                    if (!vertexOf.TryGetValue(key, out var id))
                    {
                        var t = Math.Clamp((iso - corner[a]) / ((double)corner[b] - corner[a]), 0, 1);
                        var ob = offsets[b];
                        id = vertices.Count;
                        vertices.Add(geometry.WorldOf(
                            d - 1 + o.D + t * (ob.D - o.D),
                            h - 1 + o.H + t * (ob.H - o.H),
                            w - 1 + o.W + t * (ob.W - o.W)));
                        vertexOf.Add(key, id);
                    }
                    edgeVertex[e] = id;
                }
                var table = MarchingCubesTables.TriangleTable[cubeCase];
                for (var i = 0; i < table.Length; i += 3)
                {
                    triangles.Add(edgeVertex[table[i]]);
                    triangles.Add(edgeVertex[table[flip ? i + 2 : i + 1]]);
                    triangles.Add(edgeVertex[table[flip ? i + 1 : i + 2]]);
                }
            }
        }
        return new TriangleMesh(vertices.ToArray(), triangles.ToArray());
    }

    /// <summary>Sign of the determinant of the world images of the index axes (W, H, D), the table's right-handed (x, y, z).</summary>
    private static double Handedness(VolumeGeometry g) => g.AxisW.Cross(g.AxisH).Dot(g.AxisD);
}
