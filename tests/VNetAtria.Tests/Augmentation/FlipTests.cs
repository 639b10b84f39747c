using VNetAtria.Augmentation;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;
using static VNetAtria.Tests.Augmentation.AugmentationFixtures;

namespace VNetAtria.Tests.Augmentation;

[Collection(TorchGlobalRngCollection.Name)]
public class FlipTests
{
    [Fact]
    public void Flip_on_H_mirrors_the_label_centroid_and_keeps_the_image_aligned()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(4, 10, 6, (1, 3, 1, 4, 2, 5)); // h centroid 2 -> 10 - 1 - 2 = 7
        var flipped = Flip.Apply(sample, new FlipParameters());
        var (d, h, w) = Centroid(flipped.Label);
        Assert.Equal((1.5, 7.0, 3.0), (d, h, w));
        Assert.Equal(0, Misaligned(flipped));
        // Voxel (d, h, w) -> (d, H - 1 - h, w): the image ramp at (2, 0, 3) appears at (2, 9, 3).
        Assert.Equal(sample.Image[0, 0, 2, 0, 3].item<float>(), flipped.Image[0, 0, 2, 9, 3].item<float>());
    }

    [Fact]
    public void Flipping_twice_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(3, 5, 4, (0, 2, 1, 3, 0, 2));
        var twice = Flip.Apply(Flip.Apply(sample, new FlipParameters(2)), new FlipParameters(2));
        Equal(sample.Image, twice.Image);
        Equal(sample.Label, twice.Label);
    }

    [Fact]
    public void Random_flip_honours_probability_zero_and_one_and_refuses_a_bad_axis()
    {
        var random = new AugmentationRandom(1);
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(new RandomFlip(0).Sample(random));
            Assert.NotNull(new RandomFlip(1).Sample(random));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFlip(1, Axis: 3).Sample(random));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomFlip(1.5).Sample(random));
    }
}
