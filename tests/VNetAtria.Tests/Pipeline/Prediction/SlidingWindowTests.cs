using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Pipeline.Prediction;

[Collection(TorchGlobalRngCollection.Name)]
public class SlidingWindowTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void Sliding_window_output_equals_a_single_pass_with_a_voxelwise_model_on_a_volume_not_divisible_by_the_patch(double overlap)
    {
        var shape = new Shape3(20, 37, 45);
        var rng = new SplitMix64(7);
        var data = new float[shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = rng.NextBelow(10_000) / 10_000f;
        var volume = new Volume<float>(shape, data);
        var model = new ThresholdModel(0.5, 3); // unsaturated: a misplaced window would show

        var single = ModelInference.Probabilities(model, volume, CPU);
        var windows = SlidingWindowInference.Probabilities(model, volume,
            new SlidingWindowOptions { PatchSize = new Shape3(16, 16, 32), Overlap = overlap, BatchSize = 3 }, CPU);

        Assert.Equal(single.Length, windows.Length);
        for (var i = 0; i < single.Length; i++) Assert.Equal(single[i], windows[i], 1e-5f);
    }

    [Fact]
    public void Window_starts_follow_nnunet_for_a_hand_computed_case()
    {
        // size 40, patch 16, overlap 0.5: target step 8, ceil(24 / 8) + 1 = 4 steps of 24 / 3 = 8.
        Assert.Equal([0, 8, 16, 24], SlidingWindow.Starts(40, 16, 0.5));
        // size 37, patch 16, overlap 0: ceil(21 / 16) + 1 = 3 steps of 21 / 2 = 10.5 -> 0, 10.5 -> 10 (half to even), 21.
        Assert.Equal([0, 10, 21], SlidingWindow.Starts(37, 16, 0));
        Assert.Equal([0], SlidingWindow.Starts(16, 16, 0.5));
        Assert.Equal([0], SlidingWindow.Starts(9, 16, 0.5));
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(17, 16)]
    [InlineData(40, 16)]
    [InlineData(100, 32)]
    [InlineData(640, 224)]
    public void Windows_cover_every_voxel_from_the_first_to_the_last_with_steps_no_longer_than_the_target(int size, int patch)
    {
        foreach (var overlap in new[] { 0.0, 0.25, 0.5, 0.9 })
        {
            var starts = SlidingWindow.Starts(size, patch, overlap);
            Assert.Equal(0, starts[0]);
            Assert.Equal(size, starts[^1] + patch);
            var covered = new bool[size];
            foreach (var s in starts) for (var i = s; i < s + patch; i++) covered[i] = true;
            Assert.All(covered, Assert.True);
            for (var k = 1; k < starts.Length; k++)
                Assert.InRange(starts[k] - starts[k - 1], 1, Math.Ceiling(patch * (1 - overlap)));
        }
    }

    [Fact]
    public void Gaussian_weights_are_one_at_the_centre_and_fall_as_exp_of_minus_half_squared_sigmas()
    {
        var patch = new Shape3(16, 16, 32); // sigma = 2, 2, 4
        var g = SlidingWindow.GaussianWeights(patch);

        Assert.Equal(patch.VoxelCount, g.Length);
        Assert.Equal(1f, g[patch.Offset(8, 8, 16)]);
        Assert.Equal(1f, g.Max());
        Assert.Equal((float)Math.Exp(-0.5), g[patch.Offset(10, 8, 16)], 1e-6f);
        Assert.Equal((float)Math.Exp(-0.5), g[patch.Offset(8, 8, 20)], 1e-6f);
        Assert.Equal((float)Math.Exp(-0.5 * 3), g[patch.Offset(6, 10, 20)], 1e-6f);
        Assert.All(g, v => Assert.True(v > 0));
    }

    [Fact]
    public void Gaussian_weights_beyond_the_truncation_radius_take_the_smallest_non_zero_weight()
    {
        // sigma 1 on every axis: radius int(4.5) = 4, so voxel 0, 16 from the centre 16, is zero before clamping.
        var patch = new Shape3(32, 32, 32);
        var g = SlidingWindow.GaussianWeights(patch, 1.0 / 32);
        var smallest = (float)Math.Exp(-0.5 * 16 * 3); // 4 voxels from the centre on all three axes

        Assert.Equal(smallest, g[0], smallest * 1e-5f);
        Assert.Equal(smallest, g.Min());
        Assert.Equal(1f, g[patch.Offset(16, 16, 16)]);
    }

    [Fact]
    public void Invalid_sliding_window_options_are_refused_with_the_value()
    {
        var e = Assert.Throws<PredictionException>(() => new SlidingWindowOptions { PatchSize = new Shape3(16, 20, 32) }.Validated());
        Assert.Contains("16x20x32", e.Message);
        Assert.Throws<PredictionException>(() => new SlidingWindowOptions { PatchSize = new Shape3(16, 16, 16), Overlap = 1 }.Validated());
        Assert.Throws<PredictionException>(() => new SlidingWindowOptions { PatchSize = new Shape3(16, 16, 16), BatchSize = 0 }.Validated());
    }
}
