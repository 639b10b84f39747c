using System.Numerics;
using System.Runtime.InteropServices;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// The locator's detection rule: along each axis, the first and last index whose slice (the two other axes summed)
/// holds a probability mass of at least the threshold (the original's 10).
/// </summary>
public static class SliceMassBounds
{
    /// <summary>Sum of the values of every slice along each axis: (per D index, per H index, per W index).</summary>
    public static (double[] D, double[] H, double[] W) SliceMasses(ReadOnlySpan<float> values, Shape3 shape)
    {
        if (values.Length != shape.VoxelCount)
            throw new ArgumentException($"{values.Length} values for shape {shape}, which needs {shape.VoxelCount}.", nameof(values));
        var md = new double[shape.Depth];
        var mh = new double[shape.Height];
        var mw = new double[shape.Width];
        // Rows and one plane's columns are summed in float (at most a few hundred values each), planes in double.
        var planeW = new float[shape.Width];
        var plane = shape.Height * shape.Width;
        for (var d = 0; d < shape.Depth; d++)
        {
            Array.Clear(planeW);
            var planeSum = 0.0;
            for (var h = 0; h < shape.Height; h++)
            {
                var row = values.Slice(d * plane + h * shape.Width, shape.Width);
                var rowSum = AddRow(row, planeW);
                mh[h] += rowSum;
                planeSum += rowSum;
            }
            md[d] = planeSum;
            for (var w = 0; w < shape.Width; w++) mw[w] += planeW[w];
        }
        return (md, mh, mw);
    }

    /// <summary>
    /// The box [first, last + 1) on each axis whose slices reach <paramref name="threshold"/>, or null when some axis
    /// has no such slice (the locator found nothing).
    /// </summary>
    public static Box3? Find(ReadOnlySpan<float> values, Shape3 shape, double threshold)
    {
        var (md, mh, mw) = SliceMasses(values, shape);
        if (Bounds(md, threshold) is not { } d || Bounds(mh, threshold) is not { } h || Bounds(mw, threshold) is not { } w) return null;
        return Box3.FromStartEnd(new Index3(d.First, h.First, w.First), new Index3(d.Last + 1, h.Last + 1, w.Last + 1));
    }

    /// <summary>columns += row; returns the row's sum.</summary>
    private static float AddRow(ReadOnlySpan<float> row, Span<float> columns)
    {
        var i = 0;
        var sum = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            var rv = MemoryMarshal.Cast<float, Vector<float>>(row);
            var cv = MemoryMarshal.Cast<float, Vector<float>>(columns);
            for (var v = 0; v < rv.Length; v++)
            {
                cv[v] += rv[v];
                sum += rv[v];
            }
            i = rv.Length * Vector<float>.Count;
        }
        var s = Vector.Sum(sum);
        for (; i < row.Length; i++)
        {
            columns[i] += row[i];
            s += row[i];
        }
        return s;
    }

    private static (int First, int Last)? Bounds(double[] mass, double threshold)
    {
        var first = Array.FindIndex(mass, m => m >= threshold);
        return first < 0 ? null : (first, Array.FindLastIndex(mass, m => m >= threshold));
    }
}
