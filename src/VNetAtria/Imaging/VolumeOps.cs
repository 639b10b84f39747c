using System.Numerics;

namespace VNetAtria.Imaging;

/// <summary>
/// Pure helpers that cut and place sub-volumes while keeping geometry right:
/// a crop or pad moves the origin to the world position of the new first voxel.
/// </summary>
public static class VolumeOps
{
    /// <summary>
    /// The voxels inside <paramref name="box"/>; parts of the box outside the volume are filled with
    /// <paramref name="fill"/> (so a box with a negative start pads). The origin moves to box.Start.
    /// </summary>
    public static Volume<T> Crop<T>(Volume<T> volume, Box3 box, T fill = default) where T : unmanaged, INumber<T>
    {
        box.Size.Validated("Crop box");
        var result = new T[box.Size.VoxelCount];
        if (!T.IsZero(fill)) Array.Fill(result, fill);
        var overlap = box.Intersect(Box3.Whole(volume.Shape));
        CopyBox(volume.Data, volume.Shape, overlap.Start, result, box.Size, overlap.Start - box.Start, overlap.Size);
        return new Volume<T>(box.Size, result, volume.Geometry.Shifted(box.Start), volume.Metadata);
    }

    /// <summary>
    /// Pads with <paramref name="fill"/>: <paramref name="before"/> voxels before and <paramref name="after"/> after on each axis
    /// (negative amounts crop). The origin moves by -before voxels.
    /// </summary>
    public static Volume<T> Pad<T>(Volume<T> volume, Index3 before, Index3 after, T fill = default) where T : unmanaged, INumber<T>
    {
        var size = new Shape3(volume.Shape.Depth + before.D + after.D, volume.Shape.Height + before.H + after.H, volume.Shape.Width + before.W + after.W);
        return Crop(volume, new Box3(new Index3(-before.D, -before.H, -before.W), size), fill);
    }

    /// <summary>Writes <paramref name="source"/> into <paramref name="target"/> at <paramref name="start"/> (clipped to the target).</summary>
    public static void Insert<T>(Volume<T> target, Volume<T> source, Index3 start) where T : unmanaged, INumber<T>
    {
        var placed = new Box3(start, source.Shape).Intersect(Box3.Whole(target.Shape));
        CopyBox(source.Data, source.Shape, placed.Start - start, target.Data, target.Shape, placed.Start, placed.Size);
    }

    /// <summary>Copies a box of <paramref name="size"/> from src at srcStart to dst at dstStart, row by row.</summary>
    internal static void CopyBox<T>(T[] src, Shape3 srcShape, Index3 srcStart, T[] dst, Shape3 dstShape, Index3 dstStart, Shape3 size)
    {
        if (size.Depth <= 0 || size.Height <= 0 || size.Width <= 0) return;
        for (var d = 0; d < size.Depth; d++)
        {
            for (var h = 0; h < size.Height; h++)
            {
                var s = srcShape.Offset(srcStart.D + d, srcStart.H + h, srcStart.W);
                var t = dstShape.Offset(dstStart.D + d, dstStart.H + h, dstStart.W);
                Array.Copy(src, s, dst, t, size.Width);
            }
        }
    }
}
