using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Runtime;

/// <summary>
/// Held scalars change no number: each rewrite against TorchSharp's own operator or module form, which makes
/// temporary scalars (the reference here only, hence the local pragmas), compared bit for bit.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class HeldScalarEquivalenceTests
{
#pragma warning disable VNA2001, VNA2002 // TorchSharp's operator and module forms are the reference these tests compare against.
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void The_losses_equal_their_operator_forms_bit_for_bit(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(11);
        var logits = randn(new long[] { 2, 1, 3, 4, 5 }, dtype).mul(HeldScalars.Two);
        var target = (rand(new long[] { 2, 1, 3, 4, 5 }, dtype) > 0.5).to(dtype);
        var phi = randn(new long[] { 2, 1, 3, 4, 5 }, dtype);

        var p = logits.sigmoid();
        var diceGlobal = 1 - 2 * (p * target).sum() / (p.sum() + target.sum()).clamp_min(1e-6);
        var (pf, gf) = (p.reshape(2, -1), target.reshape(2, -1));
        var dicePerSample = (1 - 2 * (pf * gf).sum(1) / (pf.sum(1) + gf.sum(1)).clamp_min(1e-6)).mean();
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None);
        var focal = ((target * 200.0 + (1 - target) * 1.0) * (1 - (-bce).exp()).pow(2.0) * bce).mean();
        var hybrid = 0.3 * diceGlobal + (1 - 0.3) * (p * phi).mean();

        AssertIdentical(diceGlobal, DiceLoss.Compute(logits, target));
        AssertIdentical(dicePerSample, DiceLoss.Compute(logits, target, perSample: true));
        AssertIdentical(focal, FocalLoss.Compute(logits, target));
        AssertIdentical(hybrid, HybridLoss.Compute(logits, target, phi, alpha: 0.3).Loss);
        AssertIdentical(1 - logits, HeldScalars.OneMinus(logits));
    }

    [Fact]
    public void The_batch_norm_module_matches_TorchSharps_over_training_and_evaluation_steps()
    {
        using var scope = NewDisposeScope();
        using var reference = nn.BatchNorm3d(3);
        using var held = HeldScalarBatchNorm.ThreeD(3);
        random.manual_seed(12);
        foreach (var training in new[] { true, true, true, false, true, false })
        {
            reference.train(training);
            held.train(training);
            var x = randn(new long[] { 2, 3, 2, 3, 4 });
            AssertIdentical(reference.forward(x), held.forward(x));
            foreach (var ((name, expected), (heldName, actual)) in reference.state_dict().Zip(held.state_dict()))
            {
                Assert.Equal(name, heldName);
                AssertIdentical(expected, actual);
            }
        }
        Assert.Equal(4L, held.num_batches_tracked!.item<long>());
        Assert.Throws<ArgumentException>(() => held.forward(randn(2, 3)));
    }

    [Fact]
    public void The_activations_match_TorchSharps_prelu_and_elu()
    {
        using var scope = NewDisposeScope();
        using var prelu = nn.PReLU(3, init: 0.25);
        using var heldPrelu = new HeldScalarPReLU(3);
        using var elu = nn.ELU(alpha: 1.0);
        using var heldElu = new HeldScalarElu();
        random.manual_seed(13);
        var x = randn(new long[] { 2, 3, 2, 2, 2 }).mul(HeldScalars.Two);

        Assert.Equal(["weight"], heldPrelu.state_dict().Keys);
        AssertIdentical(prelu.weight, heldPrelu.state_dict()["weight"]);
        AssertIdentical(prelu.forward(x), heldPrelu.forward(x));
        AssertIdentical(elu.forward(x), heldElu.forward(x));
    }
#pragma warning restore VNA2001, VNA2002

    private static void AssertIdentical(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.Equals(actual), "the held-scalar form differs from TorchSharp's own");
    }
}
