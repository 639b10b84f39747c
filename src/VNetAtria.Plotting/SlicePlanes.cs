using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Plotting;

/// <summary>Cuts 2-D planes (rows x columns, as <see cref="SliceAxis"/> lays them out) out of volumes for display.</summary>
public static class SlicePlanes
{
    /// <summary>The array axis (0 = D, 1 = H, 2 = W) the plane fixes.</summary>
    public static int FixedAxis(SliceAxis axis) => axis switch
    {
        SliceAxis.Axial => 0,
        SliceAxis.Coronal => 1,
        SliceAxis.Sagittal => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Use Axial, Coronal or Sagittal."),
    };

    /// <summary>The array axes shown as rows and as columns.</summary>
    public static (int Row, int Column) PlaneAxes(SliceAxis axis) => axis switch
    {
        SliceAxis.Axial => (1, 2),
        SliceAxis.Coronal => (0, 2),
        SliceAxis.Sagittal => (0, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Use Axial, Coronal or Sagittal."),
    };

    /// <summary>True when rows are drawn top to bottom (axial: anterior at the top); coronal and sagittal put superior up.</summary>
    public static bool RowsDownward(SliceAxis axis) => axis == SliceAxis.Axial;

    /// <summary>Axis names for titles: "D", "H" or "W".</summary>
    public static string AxisName(int arrayAxis) => arrayAxis switch { 0 => "D", 1 => "H", 2 => "W", _ => "?" };

    /// <summary>
    /// Plane <paramref name="index"/> along the axis's fixed array axis, keeping every <paramref name="step"/>-th row and
    /// column (nearest-neighbour subsampling for display; labels stay labels).
    /// </summary>
    public static double[,] Extract<T>(Volume<T> volume, SliceAxis axis, int index, int step = 1) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        var fixedAxis = FixedAxis(axis);
        var extent = volume.Shape[fixedAxis];
        if (index < 0 || index >= extent)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Slice {index} is outside the volume's {extent} {axis} slices (0..{extent - 1}).");
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "The subsampling step must be at least 1.");
        var (rowAxis, colAxis) = PlaneAxes(axis);
        var rows = (volume.Shape[rowAxis] + step - 1) / step;
        var cols = (volume.Shape[colAxis] + step - 1) / step;
        var plane = new double[rows, cols];
        Span<int> at = stackalloc int[3];
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < cols; c++)
        {
            at[fixedAxis] = index;
            at[rowAxis] = r * step;
            at[colAxis] = c * step;
            plane[r, c] = double.CreateTruncating(volume[at[0], at[1], at[2]]);
        }
        return plane;
    }

    /// <summary>The maximum along the fixed axis of every (row, column): a maximum-intensity projection.</summary>
    public static double[,] MaxProjection<T>(Volume<T> volume, SliceAxis axis) where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        var (rowAxis, colAxis) = PlaneAxes(axis);
        var plane = new double[volume.Shape[rowAxis], volume.Shape[colAxis]];
        for (var r = 0; r < plane.GetLength(0); r++)
        for (var c = 0; c < plane.GetLength(1); c++)
            plane[r, c] = double.NegativeInfinity;
        for (var d = 0; d < volume.Shape.Depth; d++)
        for (var h = 0; h < volume.Shape.Height; h++)
        for (var w = 0; w < volume.Shape.Width; w++)
        {
            var v = double.CreateTruncating(volume[d, h, w]);
            ref var cell = ref plane[Pick(rowAxis, d, h, w), Pick(colAxis, d, h, w)];
            if (v > cell) cell = v;
        }
        return plane;
    }

    private static int Pick(int axis, int d, int h, int w) => axis == 0 ? d : axis == 1 ? h : w;

    /// <summary>The index of the middle slice along the axis.</summary>
    public static int Middle(Shape3 shape, SliceAxis axis) => shape[FixedAxis(axis)] / 2;

    /// <summary>The slice through the foreground's centroid along the axis (non-zero voxels), or the middle when there is none.</summary>
    public static int ThroughCentroid<T>(Volume<T> mask, SliceAxis axis) where T : unmanaged, INumber<T>
    {
        var fixedAxis = FixedAxis(axis);
        double sum = 0;
        long count = 0;
        for (var d = 0; d < mask.Shape.Depth; d++)
        for (var h = 0; h < mask.Shape.Height; h++)
        for (var w = 0; w < mask.Shape.Width; w++)
        {
            if (T.IsZero(mask[d, h, w])) continue;
            sum += Pick(fixedAxis, d, h, w);
            count++;
        }
        return count == 0 ? Middle(mask.Shape, axis) : (int)Math.Round(sum / count);
    }
}
