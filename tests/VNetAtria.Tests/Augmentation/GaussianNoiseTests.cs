using VNetAtria.Augmentation;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;
using static VNetAtria.Tests.Augmentation.AugmentationFixtures;

namespace VNetAtria.Tests.Augmentation;

[Collection(TorchGlobalRngCollection.Name)]
public class GaussianNoiseTests
{
    [Fact]
    public void Noise_touches_only_the_image_and_has_the_sampled_std()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(8, 32, 32, (2, 6, 8, 24, 8, 24)); // 8192 voxels: the std estimate is within ~1 % (1/sqrt(2n))
        var noisy = GaussianNoise.Apply(sample, new NoiseParameters(0.7, 123));
        Assert.Same(sample.Label, noisy.Label);
        var diff = noisy.Image - sample.Image;
        Assert.Equal(0.7, diff.std().item<float>(), 0.05);
        Assert.Equal(0, diff.mean().item<float>(), 0.05);
    }

    [Fact]
    public void Noise_is_deterministic_by_seed_and_zero_std_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(2, 6, 6, (0, 1, 0, 3, 0, 3));
        var a = GaussianNoise.Apply(sample, new NoiseParameters(0.5, 9)).Image;
        var b = GaussianNoise.Apply(sample, new NoiseParameters(0.5, 9)).Image;
        var c = GaussianNoise.Apply(sample, new NoiseParameters(0.5, 10)).Image;
        Equal(a, b);
        Assert.NotEqual(Values(a), Values(c));
        Assert.Same(sample.Image, GaussianNoise.Apply(sample, new NoiseParameters(0, 9)).Image);
    }

    [Fact]
    public void The_sampler_draws_std_uniformly_in_its_range()
    {
        var random = new AugmentationRandom(2);
        var sampler = new RandomGaussianNoise(1, 0.2, 0.6);
        var stds = Enumerable.Range(0, 2000).Select(_ => sampler.Sample(random)!.Std).ToArray();
        Assert.All(stds, s => Assert.InRange(s, 0.2, 0.6));
        Assert.Equal(0.4, stds.Average(), 0.01); // U(0.2, 0.6): mean 0.4, std of the mean 0.115 / sqrt(2000)
        Assert.Throws<ArgumentException>(() => new RandomGaussianNoise(1, 1, 0).Sample(random));
    }
}
