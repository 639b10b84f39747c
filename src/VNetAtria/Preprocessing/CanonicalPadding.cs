using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>What to do when a volume is larger than the canvas on some axis.</summary>
public enum OversizePolicy
{
    /// <summary>Throw a <see cref="PreprocessingException"/> naming the axis (the default: cutting anatomy silently is worse).</summary>
    Error,

    /// <summary>Centre-crop that axis to the canvas (before = diff / 2 voxels removed first, the rest after).</summary>
    CentreCrop,
}

/// <summary>
/// Canonical centre padding to a fixed canvas (96x640x640 for LASC), and its exact inverse.
/// <para>
/// On each axis with diff = target - size: before = diff / 2 (integer division), after = diff - before, so an
/// odd difference puts the extra voxel after the data. The original padded (target - size) / 2 on both sides,
/// which leaves the result one voxel short when the difference is odd (e.g. 88 -> 96 is even and fine, 87 -> 96 is not);
/// we do not copy that. The origin moves to the world position of the new first voxel (via <see cref="VolumeOps"/>),
/// so world coordinates of every original voxel are unchanged.
/// </para>
/// </summary>
public static class CanonicalPadding
{
    /// <summary>The LASC canvas the original pads every volume to: 96 x 640 x 640 (D x H x W).</summary>
    public static Shape3 LascCanvas => new(96, 640, 640);

    /// <summary>The record that padding a volume of <paramref name="shape"/> to <paramref name="target"/> would produce.</summary>
    /// <param name="shape">The volume's shape.</param>
    /// <param name="target">The canvas.</param>
    /// <param name="oversize">What to do on an axis where the volume is larger than the canvas.</param>
    /// <param name="source">The file or case named in error messages.</param>
    /// <exception cref="PreprocessingException">The volume is larger than the canvas on some axis and <paramref name="oversize"/> is Error.</exception>
    public static PaddingRecord Plan(Shape3 shape, Shape3 target, OversizePolicy oversize = OversizePolicy.Error, string? source = null)
    {
        target.Validated("Padding target");
        var before = new int[3];
        var after = new int[3];
        for (var a = 0; a < 3; a++)
        {
            var diff = target[a] - shape[a];
            if (diff < 0 && oversize == OversizePolicy.Error)
                throw new PreprocessingException(
                    $"{source ?? "volume"}: {shape[a]} voxels along axis {AxisName(a)} do not fit the {target} canvas ({target[a]} on that axis; shape {shape}). " +
                    "Use a larger canvas, or allow a centre crop (OversizePolicy.CentreCrop) if cutting the borders is acceptable.");
            // C# integer division truncates towards zero; for a negative diff (crop) that keeps the smaller part first too.
            before[a] = diff / 2;
            after[a] = diff - before[a];
        }
        return new PaddingRecord(shape, target, new Index3(before[0], before[1], before[2]), new Index3(after[0], after[1], after[2]));
    }

    /// <summary>Pads (or centre-crops) <paramref name="volume"/> to <paramref name="target"/> with zeros; returns the volume and the record its inverse needs.</summary>
    /// <exception cref="PreprocessingException">Too large on some axis with <see cref="OversizePolicy.Error"/> (the message names the axis).</exception>
    public static (Volume<T> Padded, PaddingRecord Record) Apply<T>(Volume<T> volume, Shape3 target, OversizePolicy oversize = OversizePolicy.Error, string? source = null)
        where T : unmanaged, INumber<T>
    {
        var record = Plan(volume.Shape, target, oversize, source);
        return (VolumeOps.Pad(volume, record.Before, record.After), record);
    }

    /// <summary>
    /// Undoes <see cref="Apply{T}"/>: the original shape and geometry, voxels taken from the canvas.
    /// Exact unless the record says the volume was cropped (cropped-away voxels come back as zeros).
    /// </summary>
    /// <exception cref="PreprocessingException">The volume is not of the record's target shape, or the record is inconsistent.</exception>
    public static Volume<T> Invert<T>(Volume<T> padded, PaddingRecord record) where T : unmanaged, INumber<T>
    {
        record.Validated();
        if (padded.Shape != record.TargetShape)
            throw new PreprocessingException(
                $"Unpadding: the volume is {padded.Shape} but the padding record was made for a {record.TargetShape} canvas; pass the record saved with this volume.");
        return VolumeOps.Crop(padded, new Box3(record.Before, record.OriginalShape));
    }

    /// <summary>"D", "H" or "W" with the array axis number, for messages.</summary>
    internal static string AxisName(int axis) => axis switch { 0 => "0 (D)", 1 => "1 (H)", _ => "2 (W)" };
}
