using VNetAtria.Imaging;

namespace VNetAtria.Augmentation;

/// <summary>
/// What a loader's epoch is made of: how many samples, which case each sample shows, and the augmentation plan of each,
/// as pure functions of (seed, epoch, sample index) so that any sample can be rebuilt alone (resume, logging, workers).
/// </summary>
public interface IAugmentationPolicy
{
    /// <summary>Samples in one epoch for <paramref name="caseCount"/> cases.</summary>
    int SamplesPerEpoch(int caseCount);

    /// <summary>The case (0-based) that sample <paramref name="sampleIndex"/> shows.</summary>
    int CaseOf(int sampleIndex, int caseCount);

    /// <summary>The plan of one sample of a case of <paramref name="shape"/>.</summary>
    AugmentationPlan Plan(ulong seed, int epoch, int sampleIndex, int caseCount, Shape3 shape);

    /// <summary>How images are resampled by spatial transforms (labels: always nearest).</summary>
    ImageInterpolation Interpolation { get; }
}

/// <summary>No augmentation: one sample per case, in case order (validation).</summary>
public sealed class NoAugmentation : IAugmentationPolicy
{
    /// <summary>The one instance.</summary>
    public static NoAugmentation Instance { get; } = new();

    /// <inheritdoc />
    public int SamplesPerEpoch(int caseCount) => caseCount;

    /// <inheritdoc />
    public int CaseOf(int sampleIndex, int caseCount) => sampleIndex;

    /// <inheritdoc />
    public AugmentationPlan Plan(ulong seed, int epoch, int sampleIndex, int caseCount, Shape3 shape) => AugmentationPlan.None;

    /// <inheritdoc />
    public ImageInterpolation Interpolation => ImageInterpolation.Nearest;
}
