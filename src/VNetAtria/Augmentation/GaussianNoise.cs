using TorchSharp;
using static TorchSharp.torch;

namespace VNetAtria.Augmentation;

/// <summary>Additive zero-mean Gaussian noise of standard deviation <paramref name="Std"/> on the (normalised) image.</summary>
/// <param name="Std">Standard deviation, in the image's units (the original: units of the z-normalised image).</param>
/// <param name="Seed">Seed of the torch generator that draws the noise, so the noise itself is reproducible.</param>
public sealed record NoiseParameters(double Std, ulong Seed)
{
    /// <summary>Checks the standard deviation.</summary>
    public NoiseParameters Validated()
    {
        AugmentationChecks.NonNegative(Std, nameof(Std), nameof(NoiseParameters));
        return this;
    }
}

/// <summary>
/// image + Std * N(0, 1) voxel-wise; the label is returned unchanged (noise is an intensity transform). The normal
/// draws come from a torch generator on the image's device seeded with <see cref="NoiseParameters.Seed"/> (so the
/// same parameters give the same noise on one device; CPU and CUDA generators give different streams).
/// </summary>
public static class GaussianNoise
{
    /// <summary>The noisy sample (new image tensor, the same label tensor).</summary>
    public static AugmentationSample Apply(AugmentationSample sample, NoiseParameters parameters)
    {
        sample.Validated();
        parameters.Validated();
        if (parameters.Std == 0) return sample;
        using var generator = new Generator(parameters.Seed, sample.Image.device);
        using var noise = randn(sample.Image.shape, ScalarType.Float32, sample.Image.device, generator: generator);
        using var std = parameters.Std.ToScalar();
        return sample with { Image = sample.Image.add(noise, alpha: std) };
    }
}

/// <summary>Draws noise with std ~ U(<see cref="MinStd"/>, <see cref="MaxStd"/>) with probability <see cref="Probability"/>.</summary>
/// <param name="Probability">Chance that a sample gets noise, in [0, 1].</param>
/// <param name="MinStd">Smallest standard deviation (original: 0).</param>
/// <param name="MaxStd">Largest standard deviation (original: 1, on the normalised image).</param>
public sealed record RandomGaussianNoise(double Probability = 0.5, double MinStd = 0, double MaxStd = 1)
{
    /// <summary>The noise for this draw, or null (always three draws, so later draws do not shift).</summary>
    public NoiseParameters? Sample(AugmentationRandom random)
    {
        AugmentationChecks.Probability(Probability, nameof(RandomGaussianNoise));
        AugmentationChecks.Range(MinStd, MaxStd, "std", nameof(RandomGaussianNoise));
        AugmentationChecks.NonNegative(MinStd, nameof(MinStd), nameof(RandomGaussianNoise));
        var apply = random.Chance(Probability);
        var std = random.Uniform(MinStd, MaxStd);
        var seed = random.NextUInt64();
        return apply ? new NoiseParameters(std, seed) : null;
    }
}
