using VNetAtria.Imaging;

namespace VNetAtria.Augmentation;

/// <summary>
/// On-the-fly augmentation: one sample per case per epoch, each sample gets each transform with its own probability
/// (set a sampler to null to switch it off). The parameters of sample i in epoch e come from
/// <see cref="AugmentationRandom.For"/>(seed, e, i), each transform from its own sub-stream, so switching one
/// transform off or changing its probability does not change what the others draw.
/// Defaults: flip H 0.5; rotation 0.5 in-plane continuous ±3 degrees; translation 1/3 from the original's ±5-voxel
/// set (the original translated 2 of its 6 sample sets); elastic 0.3 with max 2 voxels every 32 voxels; noise 1/6
/// with std ~ U(0, 1) (1 of 6 sets); trilinear image resampling.
/// </summary>
public sealed record RandomAugmentation : IAugmentationPolicy
{
    /// <summary>Flip sampler or null.</summary>
    public RandomFlip? Flip { get; init; } = new(0.5);

    /// <summary>Rotation sampler or null.</summary>
    public RandomRotation? Rotation { get; init; } = new(0.5, -3, 3, IntegerDegrees: false);

    /// <summary>Translation sampler or null.</summary>
    public RandomTranslation? Translation { get; init; } = RandomTranslation.Original(1.0 / 3);

    /// <summary>Elastic sampler or null.</summary>
    public RandomElasticDeformation? Elastic { get; init; } = new(0.3, 32, 2);

    /// <summary>Noise sampler or null.</summary>
    public RandomGaussianNoise? Noise { get; init; } = new(1.0 / 6, 0, 1);

    /// <inheritdoc />
    public ImageInterpolation Interpolation { get; init; } = ImageInterpolation.Linear;

    /// <inheritdoc />
    public int SamplesPerEpoch(int caseCount) => caseCount;

    /// <inheritdoc />
    public int CaseOf(int sampleIndex, int caseCount) => sampleIndex;

    /// <inheritdoc />
    public AugmentationPlan Plan(ulong seed, int epoch, int sampleIndex, int caseCount, Shape3 shape) =>
        Plan(AugmentationRandom.For(seed, epoch, sampleIndex, 0x4F4E46), shape);

    /// <summary>The plan drawn from <paramref name="random"/> for a volume of <paramref name="shape"/>.</summary>
    public AugmentationPlan Plan(AugmentationRandom random, Shape3 shape)
    {
        ArgumentNullException.ThrowIfNull(random);
        var key = random.NextUInt64();
        AugmentationRandom Stream(long transform) => AugmentationRandom.For(key, transform);
        return new AugmentationPlan(
            Flip?.Sample(Stream(1)),
            Rotation?.Sample(Stream(2)),
            Translation?.Sample(Stream(3)),
            Elastic?.Sample(Stream(4), shape),
            Noise?.Sample(Stream(5)));
    }
}
