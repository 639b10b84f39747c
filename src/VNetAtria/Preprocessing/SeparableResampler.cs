using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// Applies one <see cref="ResamplingTaps"/> per axis, one axis at a time, in parallel over rows. Axes that shrink
/// most go first so the intermediate volumes stay small (96x640x640 -> 96x640x160 -> 96x160x160 -> 48x160x160).
/// </summary>
internal static class SeparableResampler
{
    /// <summary>Resamples <paramref name="source"/> (shape <paramref name="shape"/>) with taps for D, H and W; float output.</summary>
    public static float[] Apply<T>(T[] source, Shape3 shape, ResamplingTaps d, ResamplingTaps h, ResamplingTaps w) where T : unmanaged, INumber<T>
    {
        var taps = new[] { d, h, w };
        float[]? current = null;
        var dims = new[] { shape.Depth, shape.Height, shape.Width };
        foreach (var axis in CheapestOrder(dims, taps))
        {
            var (outer, inner) = OuterInner(dims, axis);
            current = current is null ? Pass(source, outer, inner, taps[axis]) : Pass(current, outer, inner, taps[axis]);
            dims[axis] = taps[axis].OutSize;
        }
        return current!;
    }

    /// <summary>
    /// The axis order with the least work: a pass costs (voxels outside the axis) x (outputs) x (taps per output),
    /// eight times more along W, whose rows cannot be vectorised. For the LASC downscale this picks H, D, W:
    /// the big full-resolution pass runs vectorised along rows, the scalar W pass on the small volume.
    /// </summary>
    private static int[] CheapestOrder(int[] dims, ResamplingTaps[] taps)
    {
        int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        return orders.MinBy(order =>
        {
            var size = (long[])[dims[0], dims[1], dims[2]];
            var cost = 0.0;
            foreach (var a in order)
            {
                var others = size[0] * size[1] * size[2] / size[a];
                cost += (double)others * taps[a].OutSize * ((double)taps[a].Index.Length / taps[a].OutSize) * (a == 2 ? 8 : 1);
                size[a] = taps[a].OutSize;
            }
            return cost;
        })!;
    }

    private static (int Outer, int Inner) OuterInner(int[] dims, int axis)
    {
        var outer = 1;
        for (var a = 0; a < axis; a++) outer *= dims[a];
        var inner = 1;
        for (var a = axis + 1; a < 3; a++) inner *= dims[a];
        return (outer, inner);
    }

    /// <summary>out[o, j, i] = sum over taps k of j: weight_k * in[o, index_k, i].</summary>
    private static float[] Pass<T>(T[] src, int outer, int inner, ResamplingTaps taps) where T : unmanaged, INumber<T>
    {
        var n = taps.InSize;
        var m = taps.OutSize;
        var dst = new float[(long)outer * m * inner];
        var rows = (long)outer * m;
        // Aim for a few hundred thousand multiply-adds per work item, so scheduling costs stay negligible.
        var grain = Math.Max(1, 262_144 / Math.Max(1, inner * (taps.Index.Length / m)));
        Parallel.ForEach(Partitioner.Create(0L, rows, grain), range =>
        {
            for (var r = range.Item1; r < range.Item2; r++)
            {
                var o = (int)(r / m);
                var j = (int)(r % m);
                var from = taps.RowStart[j];
                var to = taps.RowStart[j + 1];
                var srcBase = (long)o * n * inner;
                var dstRow = dst.AsSpan((int)(r * inner), inner);
                if (inner == 1)
                {
                    var s = 0f;
                    for (var k = from; k < to; k++) s += taps.Weight[k] * float.CreateTruncating(src[srcBase + taps.Index[k]]);
                    dstRow[0] = s;
                }
                else
                {
                    for (var k = from; k < to; k++)
                        Axpy(taps.Weight[k], src.AsSpan((int)(srcBase + (long)taps.Index[k] * inner), inner), dstRow);
                }
            }
        });
        return dst;
    }

    /// <summary>y += a * x, vectorised when the input is float or byte.</summary>
    private static void Axpy<T>(float a, ReadOnlySpan<T> x, Span<float> y) where T : unmanaged, INumber<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var av = new Vector<float>(a);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            if (typeof(T) == typeof(float))
            {
                var xv = MemoryMarshal.Cast<float, Vector<float>>(MemoryMarshal.Cast<T, float>(x));
                for (var v = 0; v < yv.Length; v++) yv[v] += av * xv[v];
                i = yv.Length * Vector<float>.Count;
            }
            else if (typeof(T) == typeof(byte))
            {
                // One byte vector widens to four float vectors.
                var xb = MemoryMarshal.Cast<byte, Vector<byte>>(MemoryMarshal.Cast<T, byte>(x));
                for (var v = 0; v < xb.Length; v++)
                {
                    Vector.Widen(xb[v], out var lo, out var hi);
                    Vector.Widen(lo, out var a0, out var a1);
                    Vector.Widen(hi, out var a2, out var a3);
                    var k = 4 * v;
                    yv[k] += av * Vector.ConvertToSingle(a0);
                    yv[k + 1] += av * Vector.ConvertToSingle(a1);
                    yv[k + 2] += av * Vector.ConvertToSingle(a2);
                    yv[k + 3] += av * Vector.ConvertToSingle(a3);
                }
                i = xb.Length * Vector<byte>.Count;
            }
        }
        for (; i < y.Length; i++) y[i] += a * float.CreateTruncating(x[i]);
    }

    /// <summary>Nearest-neighbour gather with one index map per axis (any element type, values copied unchanged).</summary>
    public static T[] Gather<T>(T[] source, Shape3 shape, int[] mapD, int[] mapH, int[] mapW) where T : unmanaged
    {
        var outShape = new Shape3(mapD.Length, mapH.Length, mapW.Length);
        var dst = new T[outShape.VoxelCount];
        Parallel.For(0, outShape.Depth, d =>
        {
            for (var h = 0; h < outShape.Height; h++)
            {
                var srcRow = shape.Offset(mapD[d], mapH[h], 0);
                var dstRow = outShape.Offset(d, h, 0);
                for (var w = 0; w < outShape.Width; w++) dst[dstRow + w] = source[srcRow + mapW[w]];
            }
        });
        return dst;
    }
}
