using TorchSharp;
using VNetAtria.Imaging;
using VNetAtria.Losses;
using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Losses;

[Collection(TorchGlobalRngCollection.Name)]
public class LossTests
{
    private static Tensor T(double[] values, params long[] shape) => tensor(values, ScalarType.Float64).reshape(shape);

    [Fact]
    public void Dice_loss_at_zero_logits_is_the_hand_computed_value()
    {
        // p = 0.5 everywhere; 8 voxels, 2 foreground: 1 - 2 * (0.5 * 2) / (4 + 2) = 2/3.
        using var scope = NewDisposeScope();
        var g = T([1, 1, 0, 0, 0, 0, 0, 0], 1, 1, 2, 2, 2);
        var loss = DiceLoss.Compute(zeros_like(g), g).item<double>();
        Assert.Equal(2.0 / 3, loss, 12);
    }

    [Fact]
    public void Dice_loss_is_batch_global_by_default_and_per_sample_on_request()
    {
        using var scope = NewDisposeScope();
        // Sample 0: perfect (loss 0). Sample 1: predicts 1 voxel, truth is another voxel (loss 1).
        var logits = T([50, -50, -50, -50, 50, -50, -50, -50], 2, 1, 1, 1, 4);
        var g = T([1, 0, 0, 0, 0, 1, 0, 0], 2, 1, 1, 1, 4);
        // global: 1 - 2*1/(2+2) = 0.5 ; per sample: mean(0, 1) = 0.5 ... choose a case where they differ:
        var g2 = T([1, 1, 1, 0, 0, 1, 0, 0], 2, 1, 1, 1, 4);
        // global: TP = 1, sum p = 2, sum g = 4: 1 - 2/6 = 2/3. per sample: s0 1 - 2/(1+3) = 0.5, s1 1 - 0 = 1 -> 0.75.
        Assert.Equal(2.0 / 3, DiceLoss.Compute(logits, g2).item<double>(), 9);
        Assert.Equal(0.75, DiceLoss.Compute(logits, g2, perSample: true).item<double>(), 9);
        Assert.Equal(0.5, DiceLoss.Compute(logits, g).item<double>(), 9);
    }

    [Fact]
    public void Dice_loss_of_an_empty_prediction_and_empty_truth_uses_the_epsilon_floor()
    {
        using var scope = NewDisposeScope();
        using var minus100 = (-100.0).ToScalar();
        var logits = full(new long[] { 1, 1, 2, 2, 2 }, minus100, ScalarType.Float64);
        Assert.Equal(1.0, DiceLoss.Compute(logits, zeros_like(logits)).item<double>(), 9);
    }

    [Fact]
    public void Focal_loss_matches_its_formula_on_two_voxels()
    {
        using var scope = NewDisposeScope();
        // voxel 0: logit 0, g = 1: bce = ln 2, pt = 0.5, weight 200 -> 200 * 0.25 * ln2
        // voxel 1: logit 2, g = 0: bce = ln(1 + e^2), pt = 1/(1+e^2), weight 1 -> (1 - pt)^2 * bce
        var bce1 = Math.Log(1 + Math.Exp(2));
        var pt1 = 1 / (1 + Math.Exp(2));
        var expected = (200 * 0.25 * Math.Log(2) + Math.Pow(1 - pt1, 2) * bce1) / 2;
        var loss = FocalLoss.Compute(T([0, 2], 1, 1, 1, 1, 2), T([1, 0], 1, 1, 1, 1, 2)).item<double>();
        Assert.Equal(expected, loss, 9);
    }

    [Fact]
    public void Dice_cross_entropy_at_zero_logits_is_the_hand_computed_value()
    {
        using var scope = NewDisposeScope();
        // p = 0.5 everywhere, 8 voxels, 2 foreground: Dice loss 2/3 (as above); BCE of logit 0 is ln 2 for every voxel.
        var g = T([1, 1, 0, 0, 0, 0, 0, 0], 1, 1, 2, 2, 2);
        Assert.Equal(2.0 / 3 + Math.Log(2), DiceCrossEntropyLoss.Compute(zeros_like(g), g).item<double>(), 12);
        var weighted = new DiceCrossEntropyWeights { Dice = 0.5, CrossEntropy = 2 };
        Assert.Equal(1.0 / 3 + 2 * Math.Log(2), DiceCrossEntropyLoss.Compute(zeros_like(g), g, weighted).item<double>(), 12);
    }

    [Fact]
    public void Dice_cross_entropy_stays_finite_and_exact_at_large_logits()
    {
        using var scope = NewDisposeScope();
        // Voxel 0: logit 60, truth 0 -> BCE ln(1 + e^60) = 60 + ln(1 + e^-60); voxel 1: logit -60, truth 1 -> the same.
        // p = (1, 0), g = (0, 1): no overlap, Dice loss 1. A naive log(sigmoid) would give infinity here.
        var loss = DiceCrossEntropyLoss.Compute(T([60, -60], 1, 1, 1, 1, 2), T([0, 1], 1, 1, 1, 1, 2)).item<double>();
        Assert.Equal(1 + 60 + Math.Log(1 + Math.Exp(-60)), loss, 9);
        // Confident and right: BCE ~ e^-60, Dice ~ 0.
        Assert.Equal(0, DiceCrossEntropyLoss.Compute(T([-60, 60], 1, 1, 1, 1, 2), T([0, 1], 1, 1, 1, 1, 2)).item<double>(), 9);
    }

    [Fact]
    public void Dice_cross_entropy_refuses_invalid_weights_and_is_a_hybrid_region()
    {
        Assert.Contains("both weights are 0", Assert.Throws<ArgumentException>(() => new DiceCrossEntropyWeights { Dice = 0, CrossEntropy = 0 }.Validated()).Message);
        Assert.Contains("cross-entropy weight", Assert.Throws<ArgumentException>(() => new DiceCrossEntropyWeights { CrossEntropy = double.NaN }.Validated()).Message);
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var logits = randn(new long[] { 2, 1, 2, 2, 2 }, ScalarType.Float64);
        using var half = 0.5.ToScalar();
        var target = rand(new long[] { 2, 1, 2, 2, 2 }, ScalarType.Float64).gt(half).to(ScalarType.Float64);
        var phi = randn(new long[] { 2, 1, 2, 2, 2 }, ScalarType.Float64);
        var region = DiceCrossEntropyLoss.Compute(logits, target).item<double>();
        var hybrid = HybridLoss.Compute(logits, target, phi, 0.25, RegionLossKind.DiceCrossEntropy);
        Assert.Equal(0.25 * region + 0.75 * BoundaryLoss.Compute(logits, phi).item<double>(), hybrid.Loss.item<double>(), 12);
        // The monitored Dice loss stays the soft Dice alone.
        Assert.Equal(DiceLoss.Compute(logits, target).item<double>(), hybrid.DiceLoss.item<double>(), 12);
    }

    [Fact]
    public void Boundary_loss_is_the_mean_of_probabilities_times_the_level_set()
    {
        using var scope = NewDisposeScope();
        var phi = T([3, -1, 0, 2], 1, 1, 1, 1, 4);
        var logits = T([0, 0, 50, -50], 1, 1, 1, 1, 4);
        // p = 0.5, 0.5, 1, 0 -> (1.5 - 0.5 + 0 + 0) / 4
        Assert.Equal(0.25, BoundaryLoss.Compute(logits, phi).item<double>(), 9);
    }

    [Fact]
    public void Level_set_of_a_row_matches_the_original_formula_by_hand()
    {
        // label: 0 0 1 1 1 1 0 ; background gets distance to the atrium, foreground -(depth - 1).
        byte[] label = [0, 0, 1, 1, 1, 1, 0];
        var phi = LevelSets.Compute(label, new Shape3(1, 1, 7));
        Assert.Equal(new float[] { 2, 1, 0, -1, -1, 0, 1 }, phi);
    }

    [Theory]
    [InlineData(3, 0.3, false)]
    [InlineData(4, 0.6, true)] // a compact blob away from the borders: the inside depth is computed in its box only
    public void Level_set_matches_brute_force_in_3D_and_is_zero_for_empty_labels(int seed, double density, bool blob)
    {
        var rng = new Random(seed);
        var shape = new Shape3(7, 9, 10);
        var label = new byte[shape.VoxelCount];
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                {
                    var inBlob = !blob || (d is >= 2 and <= 4 && h is >= 3 and <= 6 && w is >= 2 and <= 7);
                    label[shape.Offset(d, h, w)] = (byte)(inBlob && rng.NextDouble() < density ? 1 : 0);
                }
        var phi = LevelSets.Compute(label, shape);
        for (var i = 0; i < label.Length; i++)
        {
            // Nearest voxel of the other class, by brute force.
            var nearest = Enumerable.Range(0, label.Length).Where(j => label[j] != label[i]).Min(j => Distance(shape, i, j));
            var expected = label[i] == 0 ? nearest : -(nearest - 1);
            Assert.Equal(expected, phi[i], 4);
        }
        Assert.All(LevelSets.Compute(new byte[shape.VoxelCount], shape), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("dice")]
    [InlineData("dice-per-sample")]
    [InlineData("focal")]
    [InlineData("boundary")]
    [InlineData("hybrid")]
    [InlineData("dice-cross-entropy")]
    [InlineData("dice-cross-entropy-weighted")]
    public void Gradients_match_central_finite_differences(string which)
    {
        using var scope = NewDisposeScope();
        using var half = 0.5.ToScalar();
        random.manual_seed(9);
        var logits = randn(new long[] { 2, 1, 2, 2, 3 }, ScalarType.Float64).requires_grad_();
        var target = (rand(new long[] { 2, 1, 2, 2, 3 }, ScalarType.Float64) > half).to(ScalarType.Float64);
        var phi = randn(new long[] { 2, 1, 2, 2, 3 }, ScalarType.Float64);
        Func<Tensor, Tensor> f = which switch
        {
            "dice" => x => DiceLoss.Compute(x, target),
            "dice-per-sample" => x => DiceLoss.Compute(x, target, perSample: true),
            "focal" => x => FocalLoss.Compute(x, target),
            "boundary" => x => BoundaryLoss.Compute(x, phi),
            "dice-cross-entropy" => x => DiceCrossEntropyLoss.Compute(x, target),
            "dice-cross-entropy-weighted" => x => DiceCrossEntropyLoss.Compute(x, target, new DiceCrossEntropyWeights { Dice = 0.3, CrossEntropy = 1.7 }),
            _ => x => HybridLoss.Compute(x, target, phi, alpha: 0.3).Loss,
        };
        f(logits).backward();
        var analytic = logits.grad!.clone().flatten();
        var flat = logits.detach().clone().flatten();
        const double h = 1e-6;
        using var step = h.ToScalar();
        for (var i = 0; i < flat.shape[0]; i++)
        {
            var plus = flat.clone(); plus[i].add_(step, HeldScalars.One);
            var minus = flat.clone(); minus[i].sub_(step);
            var numeric = (f(plus.reshape(logits.shape)).item<double>() - f(minus.reshape(logits.shape)).item<double>()) / (2 * h);
            Assert.Equal(numeric, analytic[i].item<double>(), 6);
        }
    }

    [Fact]
    public void Hybrid_loss_returns_the_dice_loss_for_monitoring_and_equals_dice_at_alpha_1()
    {
        using var scope = NewDisposeScope();
        using var half = 0.5.ToScalar();
        random.manual_seed(4);
        var logits = randn(new long[] { 1, 1, 2, 2, 2 }, ScalarType.Float64);
        var target = (rand(new long[] { 1, 1, 2, 2, 2 }, ScalarType.Float64) > half).to(ScalarType.Float64);
        var phi = randn(new long[] { 1, 1, 2, 2, 2 }, ScalarType.Float64);
        var dice = DiceLoss.Compute(logits, target).item<double>();
        var atOne = HybridLoss.Compute(logits, target, phi, 1.0);
        Assert.Equal(dice, atOne.Loss.item<double>(), 12);
        Assert.Equal(dice, atOne.DiceLoss.item<double>(), 12);
        var mixed = HybridLoss.Compute(logits, target, phi, 0.25).Loss.item<double>();
        Assert.Equal(0.25 * dice + 0.75 * BoundaryLoss.Compute(logits, phi).item<double>(), mixed, 12);
    }

    [Fact]
    public void The_original_alpha_schedule_replays_its_double_arithmetic_and_ends_near_0_15()
    {
        var s = AlphaSchedule.Original;
        Assert.Equal(1.0, s.AlphaAfter(0));
        Assert.Equal(0.99, s.AlphaAfter(1));
        // Values from running the original's loop in Python (alpha -= 0.01 while alpha - 0.1 >= 0.05).
        Assert.Equal(0.14999999999999925, s.AlphaAfter(85));
        Assert.Equal(0.14999999999999925, s.AlphaAfter(199));
    }

    [Fact]
    public void Rebalance_drops_to_its_floor_and_constant_stays_put()
    {
        var r = new AlphaSchedule { Kind = AlphaScheduleKind.Rebalance, StartEpoch = 5 };
        Assert.Equal(1.0, r.AlphaAfter(5));
        Assert.Equal(0.9, r.AlphaAfter(15), 12);
        Assert.Equal(0.1, r.AlphaAfter(500), 12);
        Assert.Equal(0.4, AlphaSchedule.Constant(0.4).AlphaAfter(100));
        Assert.Contains("Floor", Assert.Throws<ArgumentException>(() => new AlphaSchedule { Floor = 2 }.Validated()).Message);
    }

    private static double Distance(Shape3 s, int i, int j)
    {
        var hw = s.Height * s.Width;
        var (d1, h1, w1) = (i / hw, i % hw / s.Width, i % s.Width);
        var (d2, h2, w2) = (j / hw, j % hw / s.Width, j % s.Width);
        return Math.Sqrt((d1 - d2) * (d1 - d2) + (h1 - h2) * (h1 - h2) + (w1 - w2) * (w1 - w2));
    }
}
