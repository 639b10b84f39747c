using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Training;

[Collection(TorchGlobalRngCollection.Name)]
public sealed class WeightDecayTests
{
    [Fact]
    public void With_no_loss_gradient_the_first_adam_step_moves_each_weight_by_lr_towards_zero()
    {
        // Adam with L2 decay: g = 0 + decay * w. The first step is w - lr * m_hat / (sqrt(v_hat) + eps) with
        // m_hat = g and v_hat = g^2, so every weight moves by lr * g / (|g| + eps) = lr * sign(w) (up to eps / |g|).
        using var scope = NewDisposeScope();
        var w = new TorchSharp.Modules.Parameter(tensor(new float[] { 2f, -0.5f, 0.25f }));
        using var optimizer = Trainer.CreateOptimiser([("w", w)], new TrainerOptions { LearningRate = 0.01, WeightDecay = 0.1 });
        optimizer.ZeroGrad();
        w.mul(HeldScalars.Zero).sum().backward();
        optimizer.Step();
        var after = w.data<float>().ToArray();
        Assert.Equal(1.99, after[0], 5);
        Assert.Equal(-0.49, after[1], 5);
        Assert.Equal(0.24, after[2], 5);
    }

    [Fact]
    public void Without_weight_decay_a_zero_gradient_leaves_the_weights_alone()
    {
        using var scope = NewDisposeScope();
        var w = new TorchSharp.Modules.Parameter(tensor(new float[] { 2f, -0.5f }));
        using var optimizer = Trainer.CreateOptimiser([("w", w)], new TrainerOptions { LearningRate = 0.01 });
        optimizer.ZeroGrad();
        w.mul(HeldScalars.Zero).sum().backward();
        optimizer.Step();
        Assert.Equal([2f, -0.5f], w.data<float>().ToArray());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_weight_decay_is_refused_with_its_value(double decay)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainerOptions { WeightDecay = decay }.Validated());
        Assert.Contains("WeightDecay", e.Message, StringComparison.Ordinal);
    }
}
