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
        var dims = new[] { shape.Depth, shape.Height, shape.Width };
        var order = new[] { 0, 1, 2 }.OrderBy(a => (double)taps[a].OutSize / taps[a].InSize).ThenByDescending(a => a).ToArray();
        float[]? current = null;
        foreach (var axis in order)
        {
            var outer = 1;
            for (var a = 0; a < axis; a++) outer *= dims[a];
            var inner = 1;
            for (var a = axis + 1; a < 3; a++) inner *= dims[a];
            current = current is null ? Pass(source, outer, inner, taps[axis]) : Pass(current, outer, inner, taps[axis]);
            dims[axis] = taps[axis].OutSize;
        }
        return current!;
    }

    /// <summary>out[o, j, i] = sum over taps k of j: weight_k * in[o, index_k, i].</summary>
    private static float[] Pass<T>(T[] src, int outer, int inner, ResamplingTaps taps) where T : unmanaged, INumber<T>
    {
        var n = taps.InSize;
        var m = taps.OutSize;
        var dst = new float[(long)outer * m * inner];
        long rows = (long)outer * m;
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

    /// <summary>y += a * x, vectorised when the input is float.</summary>
    private static void Axpy<T>(float a, ReadOnlySpan<T> x, Span<float> y) where T : unmanaged, INumber<T>
    {
        var i = 0;
        if (typeof(T) == typeof(float) && Vector.IsHardwareAccelerated)
        {
            var xf = MemoryMarshal.Cast<T, float>(x);
            var xv = MemoryMarshal.Cast<float, Vector<float>>(xf);
            var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
            var av = new Vector<float>(a);
            for (var v = 0; v < yv.Length; v++) yv[v] += av * xv[v];
            i = yv.Length * Vector<float>.Count;
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
