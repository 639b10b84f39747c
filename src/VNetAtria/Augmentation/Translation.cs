namespace VNetAtria.Augmentation;

/// <summary>
/// A shift of the content by (D, H, W) voxels with scipy.ndimage.shift's convention: the output at p takes the input at
/// p - t, so a positive H moves structures towards larger H indices; zero fill where nothing comes in.
/// </summary>
/// <param name="D">Shift along depth (voxels).</param>
/// <param name="H">Shift along height (voxels).</param>
/// <param name="W">Shift along width (voxels).</param>
public sealed record TranslationParameters(double D, double H, double W)
{
    /// <summary>Checks the shift.</summary>
    public TranslationParameters Validated()
    {
        if (!double.IsFinite(D) || !double.IsFinite(H) || !double.IsFinite(W))
            throw new ArgumentException($"Translation ({D}, {H}, {W}) must be finite voxel counts.");
        return this;
    }

    /// <summary>True when every component is a whole number of voxels (then the shift is an exact slice copy).</summary>
    public bool IsInteger => D == Math.Floor(D) && H == Math.Floor(H) && W == Math.Floor(W);

    /// <summary>True for (0, 0, 0).</summary>
    public bool IsZero => D == 0 && H == 0 && W == 0;

    /// <summary>The component along array axis 0, 1 or 2.</summary>
    public double this[int axis] => axis switch { 0 => D, 1 => H, 2 => W, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };
}

/// <summary>
/// Shifts image and label identically. A whole-voxel shift is an exact slice copy (no interpolation, about 20x faster
/// than resampling); a fractional one resamples (label nearest) through <see cref="SpatialTransform"/>.
/// </summary>
public static class Translation
{
    /// <summary>The shifted sample.</summary>
    public static AugmentationSample Apply(AugmentationSample sample, TranslationParameters parameters, ImageInterpolation interpolation = ImageInterpolation.Nearest) =>
        new SpatialTransform(Translation: parameters).Apply(sample, interpolation);
}

/// <summary>
/// Draws a shift with probability <see cref="Probability"/>: one of <see cref="Offsets"/> uniformly when given (default:
/// the original's eight, <see cref="OriginalOffsets"/>), otherwise continuous t_k ~ U(-Max_k, Max_k).
/// </summary>
/// <param name="Probability">Chance that a sample is shifted, in [0, 1].</param>
/// <param name="Offsets">The discrete set to choose from, or null for continuous shifts.</param>
/// <param name="MaxD">Continuous mode: largest |shift| along D (voxels).</param>
/// <param name="MaxH">Continuous mode: largest |shift| along H (voxels).</param>
/// <param name="MaxW">Continuous mode: largest |shift| along W (voxels).</param>
public sealed record RandomTranslation(double Probability = 0.5, IReadOnlyList<TranslationParameters>? Offsets = null, double MaxD = 0, double MaxH = 5, double MaxW = 5)
{
    /// <summary>
    /// The original's shifts, (0, ±5, 0), (0, 0, ±5) and (0, ±5, ±5): H, W or both, 5 voxels, depth never shifted.
    /// </summary>
    public static IReadOnlyList<TranslationParameters> OriginalOffsets { get; } =
    [
        new(0, 5, 0), new(0, -5, 0), new(0, 0, 5), new(0, 0, -5),
        new(0, 5, 5), new(0, 5, -5), new(0, -5, 5), new(0, -5, -5),
    ];

    /// <summary>The original's sampler: one of <see cref="OriginalOffsets"/> with the given probability.</summary>
    public static RandomTranslation Original(double probability = 0.5) => new(probability, OriginalOffsets);

    /// <summary>The shift for this draw, or null (always the same number of draws per mode, so later draws do not shift).</summary>
    public TranslationParameters? Sample(AugmentationRandom random)
    {
        AugmentationChecks.Probability(Probability, nameof(RandomTranslation));
        var apply = random.Chance(Probability);
        TranslationParameters t;
        if (Offsets is not null)
        {
            if (Offsets.Count == 0)
                throw new ArgumentException($"{nameof(RandomTranslation)}: the offset list is empty; give at least one offset or null for continuous shifts.");
            t = Offsets[random.NextBelow(Offsets.Count)].Validated();
        }
        else
        {
            AugmentationChecks.NonNegative(MaxD, nameof(MaxD), nameof(RandomTranslation));
            AugmentationChecks.NonNegative(MaxH, nameof(MaxH), nameof(RandomTranslation));
            AugmentationChecks.NonNegative(MaxW, nameof(MaxW), nameof(RandomTranslation));
            t = new TranslationParameters(random.Uniform(-MaxD, MaxD), random.Uniform(-MaxH, MaxH), random.Uniform(-MaxW, MaxW));
        }
        return apply ? t : null;
    }
}
