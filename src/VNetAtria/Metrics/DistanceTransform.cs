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
        // Along W: lines are contiguous.
        Pass(f, lines: depth * height, length: width, lineStart: line => (long)line * width, stride: 1, spacing.W);
        // Along H: lines start at (d, 0, w), stride W.
        Pass(f, lines: depth * width, length: height, lineStart: line => (long)(line / width) * height * width + line % width, stride: width, spacing.H);
        // Along D: lines start at (0, h, w), stride H*W.
        Pass(f, lines: height * width, length: depth, lineStart: line => line, stride: (long)height * width, spacing.D);
    }

    private static void Pass(float[] f, int lines, int length, Func<int, long> lineStart, long stride, double spacing)
    {
        if (length == 0 || lines == 0) return;
        var w2 = (float)(spacing * spacing);
        var batches = Math.Min(lines, Environment.ProcessorCount * 8);
        Parallel.For(0, batches, () => new LineBuffers(length), (batch, _, buffers) =>
        {
            var first = (int)((long)lines * batch / batches);
            var last = (int)((long)lines * (batch + 1) / batches);
            for (var line = first; line < last; line++)
            {
                var start = lineStart(line);
                var input = buffers.Input;
                var any = false;
                for (var i = 0; i < length; i++)
                {
                    var v = f[start + i * stride];
                    input[i] = v;
                    any |= v != float.PositiveInfinity;
                }
                if (!any) continue; // a line without finite values stays +infinity
                LowerEnvelope(input, buffers, length, w2);
                for (var i = 0; i < length; i++) f[start + i * stride] = buffers.Output[i];
            }
            return buffers;
        }, _ => { });
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
}
