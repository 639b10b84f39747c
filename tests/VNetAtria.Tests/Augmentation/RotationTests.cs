using VNetAtria.Augmentation;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;
using static VNetAtria.Tests.Augmentation.AugmentationFixtures;

namespace VNetAtria.Tests.Augmentation;

[Collection(TorchGlobalRngCollection.Name)]
public class RotationTests
{
    [Theory]
    [InlineData(ResamplePath.PerSlice2D)]
    [InlineData(ResamplePath.Volume3D)]
    [InlineData(ResamplePath.ChunkedVolume3D)]
    public void Rotation_by_90_degrees_in_H_W_equals_numpys_rot90_and_maps_a_known_point(ResamplePath path)
    {
        using var scope = NewDisposeScope();
        // scipy's rotate(x, 90, axes=(1, 2)) equals rot90(k=1, axes=(1, 2)): out[d, a, b] = in[d, b, N - 1 - a].
        var sample = Cube(2, 8, 8, (0, 1, 1, 2, 2, 3)); // one labelled voxel column at (d=0, h=1, w=2)
        var rotated = new SpatialTransform(Rotation: new RotationParameters(90)).Apply(sample, ImageInterpolation.Nearest, path);
        Equal(sample.Image.rot90(1, (3, 4)), rotated.Image);
        Equal(sample.Label.rot90(1, (3, 4)), rotated.Label);
        // The point (h, w) = (1, 2) goes to (N - 1 - 2, 1) = (5, 1).
        Assert.Equal(1f, rotated.Label[0, 0, 0, 5, 1].item<float>());
        Assert.Equal(1f, Values(rotated.Label).Sum());
    }

    [Fact]
    public void Rotation_in_another_plane_is_an_option_and_equals_rot90_there()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(6, 6, 3, (0, 2, 1, 4, 0, 2));
        var rotated = Rotation.Apply(sample, new RotationParameters(-90, 0, 1));
        Assert.Equal(ResamplePath.ChunkedVolume3D, new SpatialTransform(Rotation: new RotationParameters(-90, 0, 1)).ChoosePath(CPU));
        Equal(sample.Image.rot90(-1, (2, 3)), rotated.Image);
        Equal(sample.Label.rot90(-1, (2, 3)), rotated.Label);
    }

    [Fact]
    public void Rotation_by_zero_degrees_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(3, 7, 9, (0, 2, 1, 5, 2, 6));
        var same = Rotation.Apply(sample, new RotationParameters(0));
        Equal(sample.Image, same.Image);
        Equal(sample.Label, same.Label);
        var forced = new SpatialTransform(Rotation: new RotationParameters(0)).Apply(sample, ImageInterpolation.Linear, ResamplePath.Volume3D);
        Equal(sample.Image, forced.Image, 1e-4);
        Equal(sample.Label, forced.Label);
    }

    [Fact]
    public void A_small_rotation_keeps_labels_binary_image_aligned_under_nearest_and_the_centroid_in_place()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(2, 21, 21, (0, 2, 6, 15, 6, 15)); // centred square: its centroid is the rotation centre
        foreach (var degrees in new[] { -3.0, 2.5, 17 })
        {
            var rotated = Rotation.Apply(sample, new RotationParameters(degrees));
            Assert.Equal(0, NonBinary(rotated.Label));
            Assert.Equal(0, Misaligned(rotated));
            var (_, h, w) = Centroid(rotated.Label);
            Assert.Equal(10, h, 0.3);
            Assert.Equal(10, w, 0.3);
            var linear = Rotation.Apply(sample, new RotationParameters(degrees), ImageInterpolation.Linear);
            Assert.Equal(0, NonBinary(linear.Label));
        }
    }

    [Fact]
    public void The_original_sampler_draws_whole_degrees_in_minus_3_to_3_exclusive()
    {
        var random = new AugmentationRandom(11);
        var angles = Enumerable.Range(0, 300).Select(_ => new RandomRotation(1).Sample(random)!.Degrees).ToHashSet();
        Assert.Equal(new HashSet<double> { -3, -2, -1, 0, 1, 2 }, angles);
        var continuous = new RandomRotation(1, -3, 3, IntegerDegrees: false);
        Assert.All(Enumerable.Range(0, 100).Select(_ => continuous.Sample(random)!.Degrees), a => Assert.InRange(a, -3, 3));
        Assert.Throws<ArgumentException>(() => new RandomRotation(1, -2.5, 3).Sample(random));
        Assert.Throws<ArgumentException>(() => new RandomRotation(1, AxisA: 1, AxisB: 1).Sample(random));
    }
}
