using TorchSharp;
using VNetAtria.Models;
using VNetAtria.Optimisation;
using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Models;

[Collection(TorchGlobalRngCollection.Name)]
public class VNetTrainingTests
{
    [Fact]
    public void Attention_trains_with_batch_size_1_with_real_gradients_and_unchanged_running_statistics()
    {
        using var model = VNet.Create(new VNetOptions { BaseWidth = 4, Attention = true, AttentionReduction = 4 }, seed: 3);
        model.train();
        var gateNorm = "input_transition.att_module.channel_att.channel_gate.2.running_mean";
        var before = model.state_dict()[gateNorm].clone();
        using var optimizer = new AdamOptimiser(model.named_parameters(), new AdamOptions { LearningRate = 1e-3 });
        using var scope = NewDisposeScope();
        using var half = 0.5.ToScalar();
        random.manual_seed(5);
        var x = randn(new long[] { 1, 1, 16, 16, 16 });
        var target = (x > half).to(ScalarType.Float32);

        optimizer.ZeroGrad();
        var logits = model.forward(x);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
        loss.backward();
        optimizer.Step();

        Assert.True(float.IsFinite(loss.item<float>()));
        // With one sample, TorchSharp's own BatchNorm1d would output zeros and block these gradients.
        var squeezeGradients = model.named_parameters().Where(p => p.name.EndsWith(".channel_gate.1.weight")).ToList();
        Assert.Equal(5, squeezeGradients.Count);
        Assert.True(squeezeGradients.Sum(p => p.parameter.grad!.abs().sum().item<float>()) > 0);
        Assert.True(before.equal(model.state_dict()[gateNorm]).all().item<bool>());
    }

    [Fact]
    public void Attention_with_batch_size_2_uses_batch_statistics_as_the_original()
    {
        using var model = VNet.Create(new VNetOptions { BaseWidth = 4, Attention = true, AttentionReduction = 4 }, seed: 3);
        model.train();
        using var scope = NewDisposeScope();
        var gateNorm = "input_transition.att_module.channel_att.channel_gate.2.running_mean";
        var before = model.state_dict()[gateNorm].clone();
        model.forward(randn(new long[] { 2, 1, 16, 16, 16 }));
        Assert.False(before.equal(model.state_dict()[gateNorm]).all().item<bool>());
    }

    [Fact]
    public void A_short_training_run_on_a_tiny_synthetic_problem_lowers_the_loss()
    {
        using var model = VNet.Create(new VNetOptions { BaseWidth = 2 }, seed: 1);
        model.train();
        using var optimizer = new AdamOptimiser(model.named_parameters(), new AdamOptions { LearningRate = 3e-3 });
        // A bright sphere in noise: segment the sphere.
        using var data = NewDisposeScope();
        using var size = 16.ToScalar();
        using var zc = 8.ToScalar();
        using var yc = 7.ToScalar();
        using var xc = 9.ToScalar();
        using var radiusSquared = 20.ToScalar();
        using var noise = 0.3f.ToScalar();
        var grid = arange(HeldScalars.Zero, size, HeldScalars.One).to(ScalarType.Float32);
        var (z, y, xg) = (grid.view(16, 1, 1), grid.view(1, 16, 1), grid.view(1, 1, 16));
        // (z - 8)^2 + (y - 7)^2 + (x - 9)^2 < 20 with held scalars.
        var squared = z.sub(zc).pow(HeldScalars.Two).add(y.sub(yc).pow(HeldScalars.Two), HeldScalars.One).add(xg.sub(xc).pow(HeldScalars.Two), HeldScalars.One);
        var sphere = (squared < radiusSquared).to(ScalarType.Float32).view(1, 1, 16, 16, 16);
        random.manual_seed(2);
        var image = sphere.mul(HeldScalars.Two).add(randn(new long[] { 1, 1, 16, 16, 16 }).mul(noise), HeldScalars.One);

        var losses = new List<float>();
        for (var step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(image), sphere);
            loss.backward();
            optimizer.Step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.5f * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
    }
}
