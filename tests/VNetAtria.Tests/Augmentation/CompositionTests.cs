using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;
using static VNetAtria.Tests.Augmentation.AugmentationFixtures;

namespace VNetAtria.Tests.Augmentation;

[Collection(TorchGlobalRngCollection.Name)]
public class CompositionTests
{
    [Fact]
    public void Rotation_and_translation_in_one_resampling_equal_rotating_then_translating()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(3, 10, 10, (0, 2, 1, 5, 2, 8));
        var rotation = new RotationParameters(90);
        var translation = new TranslationParameters(1, 2, -3);
        var sequential = Translation.Apply(Rotation.Apply(sample, rotation), translation);
        foreach (var path in new[] { ResamplePath.Auto, ResamplePath.Volume3D, ResamplePath.ChunkedVolume3D })
        {
            var composed = new SpatialTransform(rotation, translation).Apply(sample, ImageInterpolation.Nearest, path);
            Equal(sequential.Image, composed.Image);
            Equal(sequential.Label, composed.Label);
        }
    }

    [Fact]
    public void A_whole_plan_equals_its_transforms_applied_one_after_another()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(4, 12, 12, (1, 3, 2, 7, 3, 9));
        var grid = new Shape3(2, 2, 2);
        var u = new float[24];
        Array.Fill(u, 1f, 8, 8); // constant (0, 1, 0): a whole-voxel shift, so nearest resampling composes exactly
        var plan = new AugmentationPlan(
            new FlipParameters(1), new RotationParameters(-90), new TranslationParameters(0, 1, 2),
            new ElasticParameters(grid, u), new NoiseParameters(0.3, 77));
        var composed = plan.Apply(sample);
        var step = Flip.Apply(sample, plan.Flip!);
        step = ElasticDeformation.Apply(step, plan.Elastic!, ImageInterpolation.Nearest);
        step = Rotation.Apply(step, plan.Rotation!);
        step = Translation.Apply(step, plan.Translation!);
        step = GaussianNoise.Apply(step, plan.Noise!);
        Equal(step.Image, composed.Image, 1e-5);
        Equal(step.Label, composed.Label);
    }

    [Fact]
    public void An_empty_plan_returns_the_inputs_and_a_plan_never_changes_its_inputs()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(2, 6, 6, (0, 1, 1, 4, 1, 4));
        var copy = sample.Image.clone();
        var none = AugmentationPlan.None.Apply(sample);
        Assert.Same(sample.Image, none.Image);
        var noisy = new AugmentationPlan(Noise: new NoiseParameters(1, 1)).Apply(sample);
        Assert.NotSame(sample.Label, noisy.Label); // new tensors only, so callers may dispose results freely
        Equal(copy, sample.Image);
    }

    [Fact]
    public void The_path_is_chosen_per_transform_on_the_cpu()
    {
        Assert.Equal(ResamplePath.Shift, new SpatialTransform(Translation: new(0, 5, -5)).ChoosePath(CPU));
        Assert.Equal(ResamplePath.PerSlice2D, new SpatialTransform(new RotationParameters(2), new(0, 5, 0.5)).ChoosePath(CPU));
        Assert.Equal(ResamplePath.ChunkedVolume3D, new SpatialTransform(new RotationParameters(2), new(1, 0, 0)).ChoosePath(CPU));
        var elastic = new ElasticParameters(new Shape3(2, 2, 2), Enumerable.Repeat(0.5f, 24).ToArray());
        Assert.Equal(ResamplePath.ChunkedVolume3D, new SpatialTransform(Elastic: elastic).ChoosePath(CPU));
    }

    [Fact]
    public void A_sample_of_the_wrong_layout_is_refused_with_the_fix()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => Flip.Apply(new AugmentationSample(zeros(4, 4, 4), zeros(4, 4, 4)), new FlipParameters()));
        Assert.Contains("(1, 1, D, H, W)", e.Message);
    }
}
