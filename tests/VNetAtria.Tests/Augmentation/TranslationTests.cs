using VNetAtria.Augmentation;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;
using static VNetAtria.Tests.Augmentation.AugmentationFixtures;

namespace VNetAtria.Tests.Augmentation;

[Collection(TorchGlobalRngCollection.Name)]
public class TranslationTests
{
    [Fact]
    public void Translation_by_0_5_0_moves_the_label_centroid_5_voxels_along_H_and_keeps_the_image_aligned()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(4, 12, 8, (1, 3, 1, 4, 2, 5));
        var t = new TranslationParameters(0, 5, 0);
        Assert.Equal(ResamplePath.Shift, new SpatialTransform(Translation: t).ChoosePath(CPU));
        var moved = Translation.Apply(sample, t);
        var before = Centroid(sample.Label);
        var after = Centroid(moved.Label);
        Assert.Equal((before.D, before.H + 5, before.W), after);
        Assert.Equal(0, Misaligned(moved));
    }

    [Fact]
    public void Whole_voxel_translation_equals_a_brute_force_shift_with_zero_fill()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(3, 6, 7, (0, 2, 1, 5, 2, 6));
        var moved = Translation.Apply(sample, new TranslationParameters(1, -2, 3));
        var input = Values(sample.Image);
        var output = Values(moved.Image);
        for (var d = 0; d < 3; d++)
            for (var h = 0; h < 6; h++)
                for (var w = 0; w < 7; w++)
                {
                    var (sd, sh, sw) = (d - 1, h + 2, w - 3);
                    var inside = sd is >= 0 and < 3 && sh is >= 0 and < 6 && sw is >= 0 and < 7;
                    var expected = inside ? input[(sd * 6 + sh) * 7 + sw] : 0f;
                    Assert.Equal(expected, output[(d * 6 + h) * 7 + w]);
                }
    }

    [Fact]
    public void A_shift_beyond_the_volume_leaves_zeros()
    {
        using var scope = NewDisposeScope();
        var moved = Translation.Apply(Cube(2, 4, 4, (0, 2, 0, 4, 0, 4)), new TranslationParameters(0, 0, 9));
        Assert.All(Values(moved.Image), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(ResamplePath.PerSlice2D)]
    [InlineData(ResamplePath.Volume3D)]
    [InlineData(ResamplePath.ChunkedVolume3D)]
    public void Resampling_paths_reproduce_the_exact_shift_for_whole_voxels(ResamplePath path)
    {
        using var scope = NewDisposeScope();
        var sample = Cube(4, 9, 8, (1, 3, 2, 6, 1, 5));
        var transform = new SpatialTransform(Translation: new TranslationParameters(0, 2, -3));
        var exact = transform.Apply(sample, path: ResamplePath.Shift);
        foreach (var interpolation in new[] { ImageInterpolation.Nearest, ImageInterpolation.Linear })
        {
            var resampled = transform.Apply(sample, interpolation, path);
            Equal(exact.Image, resampled.Image, 1e-4);
            Equal(exact.Label, resampled.Label);
        }
    }

    [Fact]
    public void The_original_sampler_draws_only_and_all_of_the_eight_original_shifts()
    {
        var random = new AugmentationRandom(7);
        var sampler = RandomTranslation.Original(1);
        var seen = Enumerable.Range(0, 400).Select(_ => sampler.Sample(random)!).ToHashSet();
        Assert.Equal(RandomTranslation.OriginalOffsets.ToHashSet(), seen);
        Assert.All(seen, t => Assert.Equal(0, t.D));
    }

    [Fact]
    public void Continuous_translations_stay_within_their_ranges()
    {
        var random = new AugmentationRandom(3);
        var sampler = new RandomTranslation(1, null, MaxD: 1, MaxH: 2.5, MaxW: 0);
        for (var i = 0; i < 200; i++)
        {
            var t = sampler.Sample(random)!;
            Assert.InRange(t.D, -1, 1);
            Assert.InRange(t.H, -2.5, 2.5);
            Assert.Equal(0, t.W);
        }
    }
}
