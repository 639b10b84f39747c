using VNetAtria.Imaging;

namespace VNetAtria.Metrics;

/// <summary>
/// Exact Euclidean distance transform in 3D with anisotropic spacing: the separable lower-envelope algorithm of
/// Felzenszwalb and Huttenlocher ("Distance Transforms of Sampled Functions", Theory of Computing 8, 2012),
/// one pass per axis (W, then H, then D), each pass parallel over lines.
/// Distances are in the units of the spacing (mm for <see cref="Spacing3"/> from a file, voxels for <see cref="Spacing3.One"/>).
/// </summary>
public static class DistanceTransform
{
    /// <summary>
    /// Squared distance from every voxel to the nearest voxel where <paramref name="isFeature"/> is true
    /// (0 on feature voxels; +infinity everywhere when there is no feature voxel).
    /// </summary>
    public static float[] SquaredDistanceToNearest(ReadOnlySpan<bool> isFeature, Shape3 shape, Spacing3 spacing)
    {
        if (isFeature.Length != shape.VoxelCount)
            throw new ArgumentException($"Mask has {isFeature.Length} voxels, shape {shape} needs {shape.VoxelCount}.");
        var f = new float[isFeature.Length];
        for (var i = 0; i < f.Length; i++) f[i] = isFeature[i] ? 0f : float.PositiveInfinity;
        SquaredInPlace(f, shape, spacing);
        return f;
    }

    /// <summary>Distance from every voxel to the nearest feature voxel (see <see cref="SquaredDistanceToNearest"/>).</summary>
    public static float[] DistanceToNearest(ReadOnlySpan<bool> isFeature, Shape3 shape, Spacing3 spacing)
    {
        var d = SquaredDistanceToNearest(isFeature, shape, spacing);
        Parallel.For(0, (d.Length + 65535) / 65536, chunk =>
        {
            var end = Math.Min(d.Length, (chunk + 1) * 65536);
            for (var i = chunk * 65536; i < end; i++) d[i] = MathF.Sqrt(d[i]);
        });
        return d;
    }

    /// <summary>
    /// scipy's <c>distance_transform_edt(mask)</c>: for every voxel where <paramref name="mask"/> is true, the
    /// distance to the nearest voxel where it is false; 0 where it is false.
    /// </summary>
    public static float[] DistanceInside(ReadOnlySpan<bool> mask, Shape3 shape, Spacing3 spacing)
    {
        var outside = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++) outside[i] = !mask[i];
        return DistanceToNearest(outside, shape, spacing);
    }

    /// <summary>
    /// Runs the three 1-D passes in place on <paramref name="f"/> (0 at features, +infinity elsewhere on entry;
    /// squared distances on return).
    /// </summary>
    public static void SquaredInPlace(float[] f, Shape3 shape, Spacing3 spacing)
    {
        var (depth, height, width) = (shape.Depth, shape.Height, shape.Width);
        if (f.Length != shape.VoxelCount) throw new ArgumentException($"{f.Length} values for shape {shape}.");
        var planeSize = height * width;
        // Along W on a binary input the nearest feature in a row is found by two scans (no parabolas needed).
        Parallel.For(0, depth * height, row => RowScan(f.AsSpan(row * width, width), (float)(spacing.W * spacing.W)));
        // Along H: each D-slice is transposed so that its columns become contiguous rows, processed, and put back.
        Parallel.For(0, depth, () => new PlaneBuffers(height, width), (d, _, b) =>
        {
            var plane = f.AsSpan(d * planeSize, planeSize);
            Transpose(plane, b.Transposed, height, width);
            EnvelopeRows(b.Transposed, width, height, (float)(spacing.H * spacing.H), b.Line);
            Transpose(b.Transposed, plane, width, height);
            return b;
        }, _ => { });
        // Along D: the rows (d, h, :) of one h are gathered into a D x W plane, transposed, processed and scattered back.
        Parallel.For(0, height, () => new PlaneBuffers(depth, width), (h, _, b) =>
        {
            for (var d = 0; d < depth; d++) f.AsSpan(d * planeSize + h * width, width).CopyTo(b.Gathered.AsSpan(d * width, width));
            Transpose(b.Gathered, b.Transposed, depth, width);
            EnvelopeRows(b.Transposed, width, depth, (float)(spacing.D * spacing.D), b.Line);
            Transpose(b.Transposed, b.Gathered, width, depth);
            for (var d = 0; d < depth; d++) b.Gathered.AsSpan(d * width, width).CopyTo(f.AsSpan(d * planeSize + h * width, width));
            return b;
        }, _ => { });
    }

    /// <summary>Squared distance along one row to its nearest zero (feature) value; rows without one stay +infinity.</summary>
    private static void RowScan(Span<float> row, float s2)
    {
        var n = row.Length;
        var last = -1;
        for (var i = 0; i < n; i++)
        {
            if (row[i] == 0) last = i;
            else if (last >= 0) row[i] = s2 * (float)((i - last) * (long)(i - last));
        }
        if (last < 0) return;
        var next = -1;
        for (var i = n - 1; i >= 0; i--)
        {
            if (row[i] == 0) { next = i; continue; }
            if (next < 0) continue;
            var d2 = s2 * (float)((next - i) * (long)(next - i));
            if (d2 < row[i]) row[i] = d2;
        }
    }

    /// <summary>Runs the 1-D transform on each of <paramref name="rows"/> contiguous rows of <paramref name="length"/>.</summary>
    private static void EnvelopeRows(float[] data, int rows, int length, float s2, LineBuffers b)
    {
        for (var r = 0; r < rows; r++)
        {
            var line = data.AsSpan(r * length, length);
            if (!line.ContainsAnyExcept(float.PositiveInfinity)) continue; // nothing to propagate
            line.CopyTo(b.Input);
            LowerEnvelope(b.Input, b, length, s2);
            b.Output.AsSpan(0, length).CopyTo(line);
        }
    }

    /// <summary>dst (cols x rows) = transpose of src (rows x cols), in cache-sized tiles.</summary>
    private static void Transpose(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols)
    {
        const int tile = 32;
        for (var r0 = 0; r0 < rows; r0 += tile)
        {
            var r1 = Math.Min(rows, r0 + tile);
            for (var c0 = 0; c0 < cols; c0 += tile)
            {
                var c1 = Math.Min(cols, c0 + tile);
                for (var r = r0; r < r1; r++)
                    for (var c = c0; c < c1; c++)
                        dst[c * rows + r] = src[r * cols + c];
            }
        }
    }

    /// <summary>
    /// 1-D squared distance transform of sampled function g with sample spacing s:
    /// out(q) = min_p ((q - p)^2 s^2 + g(p)), via the lower envelope of parabolas (Felzenszwalb-Huttenlocher).
    /// </summary>
    private static void LowerEnvelope(float[] g, LineBuffers b, int n, float s2)
    {
        var v = b.Vertices;
        var z = b.Boundaries;
        var k = -1;
        for (var q = 0; q < n; q++)
        {
            if (float.IsPositiveInfinity(g[q])) continue;
            if (k < 0)
            {
                k = 0;
                v[0] = q;
                z[0] = double.NegativeInfinity;
                z[1] = double.PositiveInfinity;
                continue;
            }
            double s;
            while (true)
            {
                var p = v[k];
                // Where the parabolas rooted at p and q intersect, in index units. z[0] is -infinity, so k never drops below 0.
                s = ((g[q] + s2 * (double)q * q) - (g[p] + s2 * (double)p * p)) / (2.0 * s2 * (q - p));
                if (s > z[k]) break;
                k--;
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }
        var j = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[j + 1] < q) j++;
            var dq = q - v[j];
            b.Output[q] = (float)(s2 * (double)dq * dq + g[v[j]]);
        }
    }

    private sealed class LineBuffers(int length)
    {
        public float[] Input { get; } = new float[length];
        public float[] Output { get; } = new float[length];
        public int[] Vertices { get; } = new int[length];
        public double[] Boundaries { get; } = new double[length + 1];
    }

    /// <summary>Per-thread scratch for one plane: a gathered copy, its transpose and a line's buffers.</summary>
    private sealed class PlaneBuffers(int rows, int cols)
    {
        public float[] Gathered { get; } = new float[rows * cols];
        public float[] Transposed { get; } = new float[rows * cols];
        public LineBuffers Line { get; } = new(Math.Max(rows, cols));
    }
}
