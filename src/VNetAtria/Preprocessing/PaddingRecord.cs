using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// What <see cref="CanonicalPadding.Apply{T}"/> did to one volume, and what <see cref="CanonicalPadding.Invert{T}"/>
/// takes to undo it: voxels added before and after the data on each axis (D, H, W). A negative amount means voxels
/// were cropped away on that side (the centre-crop option); those voxels cannot come back, the inverse fills zeros.
/// Serialises to JSON with <see cref="PreprocessingJson.Options"/>.
/// </summary>
/// <param name="OriginalShape">The shape before padding.</param>
/// <param name="TargetShape">The shape after padding (the canvas).</param>
/// <param name="Before">Voxels added before the data on each axis (negative: cropped).</param>
/// <param name="After">Voxels added after the data on each axis (negative: cropped).</param>
public sealed record PaddingRecord(Shape3 OriginalShape, Shape3 TargetShape, Index3 Before, Index3 After)
{
    /// <summary>Checks that the amounts add up: original + before + after = target on every axis.</summary>
    /// <exception cref="PreprocessingException">They do not (a hand-edited or corrupt record).</exception>
    public PaddingRecord Validated()
    {
        for (var a = 0; a < 3; a++)
        {
            if (OriginalShape[a] + Before[a] + After[a] != TargetShape[a])
                throw new PreprocessingException(
                    $"Padding record: on axis {CanonicalPadding.AxisName(a)} original {OriginalShape[a]} + before {Before[a]} + after {After[a]} " +
                    $"is not the target {TargetShape[a]}; the record is inconsistent, recompute it with CanonicalPadding.Plan.");
        }
        return this;
    }

    /// <summary>True when some axis was cropped (the inverse cannot restore the voxels cut away).</summary>
    public bool Cropped => Before.D < 0 || Before.H < 0 || Before.W < 0 || After.D < 0 || After.H < 0 || After.W < 0;
}
