using VNetAtria.Imaging;
using VNetAtria.Metrics;

namespace VNetAtria.Losses;

/// <summary>
/// The ground truth's signed level set that the Boundary loss weights predictions with (Kervadec et al. 2021,
/// and the original's formula): phi = edt(background) * background - (edt(foreground) - 1) * foreground, where
/// edt(x) is scipy's distance_transform_edt (distance of each non-zero voxel to the nearest zero voxel).
/// So a background voxel gets its distance to the atrium, and a foreground voxel minus its depth inside it
/// less one (0 on the atrium's outermost layer). A label without foreground (or without background) gives zeros.
/// </summary>
public static class LevelSets
{
    /// <summary>
    /// Level set of <paramref name="label"/> (foreground = non-zero) in voxel units when <paramref name="spacing"/> is
    /// null (the original), or in mm with the given spacing (then the formula's 1 becomes the smallest spacing: one voxel). <paramref name="truncateToInt16"/> reproduces the
    /// original's <c>astype(np.int16)</c> (truncation toward zero).
    /// </summary>
    public static float[] Compute(ReadOnlySpan<byte> label, Shape3 shape, Spacing3? spacing = null, bool truncateToInt16 = false)
    {
        if (label.Length != shape.VoxelCount)
            throw new ArgumentException($"Label has {label.Length} voxels, shape {shape} needs {shape.VoxelCount}.");
        var foreground = new bool[label.Length];
        var any = false;
        var all = true;
        for (var i = 0; i < label.Length; i++)
        {
            foreground[i] = label[i] != 0;
            any |= foreground[i];
            all &= foreground[i];
        }
        var phi = new float[label.Length];
        if (!any || all) return phi;
        var s = spacing ?? Spacing3.One;
        // Distance to the nearest foreground voxel, for background voxels: needed everywhere.
        var toForeground = DistanceTransform.DistanceToNearest(foreground, shape, s);
        // Depth inside the foreground: only within the foreground's box plus one voxel, which holds the nearest background
        // voxel of every foreground voxel (clamping a farther one onto the box brings it closer), so the result is exact.
        var box = MaskBounds.Of(foreground, shape)!.Value;
        var start = new Index3(Math.Max(0, box.Start.D - 1), Math.Max(0, box.Start.H - 1), Math.Max(0, box.Start.W - 1));
        var end = new Index3(Math.Min(shape.Depth, box.End.D + 1), Math.Min(shape.Height, box.End.H + 1), Math.Min(shape.Width, box.End.W + 1));
        var crop = Box3.FromStartEnd(start, end);
        var insideDepth = DistanceTransform.DistanceInside(MaskBounds.Extract(foreground, shape, crop), crop.Size, s);
        var unit = spacing is null ? 1f : (float)Math.Min(s.D, Math.Min(s.H, s.W));
        Parallel.For(0, shape.Depth, d =>
        {
            for (var h = 0; h < shape.Height; h++)
            {
                for (var w = 0; w < shape.Width; w++)
                {
                    var i = shape.Offset(d, h, w);
                    var v = foreground[i]
                        ? -(insideDepth[crop.Size.Offset(d - start.D, h - start.H, w - start.W)] - unit)
                        : toForeground[i];
                    phi[i] = truncateToInt16 ? MathF.Truncate(v) : v;
                }
            }
        });
        return phi;
    }
}
