using VNetAtria.Imaging;

namespace VNetAtria.Augmentation;

/// <summary>The six sample sets of the original's 480-sample recipe.</summary>
public enum OriginalSampleKind
{
    /// <summary>The case as is.</summary>
    Original,

    /// <summary>Mirrored along H.</summary>
    Flipped,

    /// <summary>Gaussian noise, std ~ U(0, 1), on the normalised image.</summary>
    Noisy,

    /// <summary>Rotated in-plane by a whole angle in [-3, 3) degrees, nearest, drawn per epoch.</summary>
    Rotated,

    /// <summary>First set translated by one of the original's ±5-voxel shifts, drawn per epoch.</summary>
    TranslatedA,

    /// <summary>Second translated set.</summary>
    TranslatedB,
}

/// <summary>
/// The original's training set (6 x the case count; 480 for 80 cases): sample i shows case i mod n as kind i / n
/// (<see cref="OriginalSampleKind"/> order: originals, flipped, noisy, rotated, two translated sets). As in the
/// original, the flipped and noisy sets are fixed for the whole run (it precomputed them: their parameters depend on
/// (seed, sample) only) while rotation and translation are drawn afresh every epoch (from (seed, epoch, sample)).
/// Images are resampled nearest, as the original.
/// </summary>
public sealed record OriginalRecipe : IAugmentationPolicy
{
    /// <summary>Sample sets per case.</summary>
    public const int KindCount = 6;

    /// <summary>Noise of the noisy set (original: std ~ U(0, 1)).</summary>
    public RandomGaussianNoise Noise { get; init; } = new(1, 0, 1);

    /// <summary>Rotation of the rotated set (original: whole degrees in [-3, 3), H-W plane).</summary>
    public RandomRotation Rotation { get; init; } = new(1, -3, 3, IntegerDegrees: true);

    /// <summary>Translation of the translated sets (original: one of eight ±5-voxel shifts).</summary>
    public RandomTranslation Translation { get; init; } = RandomTranslation.Original(1);

    /// <inheritdoc />
    public ImageInterpolation Interpolation { get; init; } = ImageInterpolation.Nearest;

    /// <inheritdoc />
    public int SamplesPerEpoch(int caseCount) => checked(KindCount * caseCount);

    /// <inheritdoc />
    public int CaseOf(int sampleIndex, int caseCount) => Describe(sampleIndex, caseCount).CaseIndex;

    /// <summary>The case and the set of sample <paramref name="sampleIndex"/>.</summary>
    public static (int CaseIndex, OriginalSampleKind Kind) Describe(int sampleIndex, int caseCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(caseCount);
        if (sampleIndex < 0 || sampleIndex >= KindCount * caseCount)
            throw new ArgumentOutOfRangeException(nameof(sampleIndex), sampleIndex, $"Sample index must be in [0, {KindCount * caseCount}) for {caseCount} cases.");
        return (sampleIndex % caseCount, (OriginalSampleKind)(sampleIndex / caseCount));
    }

    /// <inheritdoc />
    public AugmentationPlan Plan(ulong seed, int epoch, int sampleIndex, int caseCount, Shape3 shape)
    {
        var (_, kind) = Describe(sampleIndex, caseCount);
        // Fixed sets ignore the epoch; the on-the-fly sets draw per epoch.
        var perEpoch = AugmentationRandom.For(seed, epoch, sampleIndex, 0x4F524947);
        var fixedDraw = AugmentationRandom.For(seed, -1, sampleIndex, 0x4F524947);
        return kind switch
        {
            OriginalSampleKind.Original => AugmentationPlan.None,
            OriginalSampleKind.Flipped => new AugmentationPlan(Flip: new FlipParameters(1)),
            OriginalSampleKind.Noisy => new AugmentationPlan(Noise: Noise.Sample(fixedDraw)),
            OriginalSampleKind.Rotated => new AugmentationPlan(Rotation: Rotation.Sample(perEpoch)),
            _ => new AugmentationPlan(Translation: Translation.Sample(perEpoch)),
        };
    }
}
