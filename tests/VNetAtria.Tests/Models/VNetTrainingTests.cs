using VNetAtria.Models;
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
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        var x = randn(new long[] { 1, 1, 16, 16, 16 });
        var target = (x > 0.5).to(ScalarType.Float32);

        optimizer.zero_grad();
        var logits = model.forward(x);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, target);
        loss.backward();
        optimizer.step();

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
        using var optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        // A bright sphere in noise: segment the sphere.
        using var data = NewDisposeScope();
        var grid = arange(16).to(ScalarType.Float32);
        var (z, y, xg) = (grid.view(16, 1, 1), grid.view(1, 16, 1), grid.view(1, 1, 16));
        var sphere = ((z - 8).pow(2) + (y - 7).pow(2) + (xg - 9).pow(2) < 20).to(ScalarType.Float32).view(1, 1, 16, 16, 16);
        random.manual_seed(2);
        var image = sphere * 2 + randn(new long[] { 1, 1, 16, 16, 16 }) * 0.3f;

        var losses = new List<float>();
        for (var step = 0; step < 25; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(image), sphere);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.5f * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
    }
}
