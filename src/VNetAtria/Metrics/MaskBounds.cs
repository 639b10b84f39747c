using VNetAtria.Imaging;

namespace VNetAtria.Metrics;

/// <summary>Bounding boxes of foreground voxels.</summary>
public static class MaskBounds
{
    /// <summary>The smallest box holding every true voxel, or null when there is none.</summary>
    public static Box3? Of(ReadOnlySpan<bool> mask, Shape3 shape)
    {
        int d0 = int.MaxValue, h0 = int.MaxValue, w0 = int.MaxValue, d1 = -1, h1 = -1, w1 = -1;
        for (var d = 0; d < shape.Depth; d++)
        {
            for (var h = 0; h < shape.Height; h++)
            {
                var row = mask.Slice((int)shape.Offset(d, h, 0), shape.Width);
                var first = row.IndexOf(true);
                if (first < 0) continue;
                var last = row.LastIndexOf(true);
                d0 = Math.Min(d0, d); d1 = d;
                h0 = Math.Min(h0, h); h1 = Math.Max(h1, h);
                w0 = Math.Min(w0, first); w1 = Math.Max(w1, last);
            }
        }
        return d1 < 0 ? null : Box3.FromStartEnd(new Index3(d0, h0, w0), new Index3(d1 + 1, h1 + 1, w1 + 1));
    }

    /// <summary>The smallest box holding both boxes (either may be null).</summary>
    public static Box3? Union(Box3? a, Box3? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var (x, y) = (a.Value, b.Value);
        return Box3.FromStartEnd(
            new Index3(Math.Min(x.Start.D, y.Start.D), Math.Min(x.Start.H, y.Start.H), Math.Min(x.Start.W, y.Start.W)),
            new Index3(Math.Max(x.End.D, y.End.D), Math.Max(x.End.H, y.End.H), Math.Max(x.End.W, y.End.W)));
    }

    /// <summary>Copies the voxels of <paramref name="box"/> out of a full mask.</summary>
    public static bool[] Extract(ReadOnlySpan<bool> mask, Shape3 shape, Box3 box)
    {
        var result = new bool[box.Size.VoxelCount];
        for (var d = 0; d < box.Size.Depth; d++)
            for (var h = 0; h < box.Size.Height; h++)
                mask.Slice((int)shape.Offset(box.Start.D + d, box.Start.H + h, box.Start.W), box.Size.Width)
                    .CopyTo(result.AsSpan((int)box.Size.Offset(d, h, 0), box.Size.Width));
        return result;
    }
}
