using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Training;

[Collection(TorchGlobalRngCollection.Name)]
public sealed class NumericalEvidenceTests
{
    public static TheoryData<double, double, bool, bool, double, bool, string> Cases => new()
    {
        // Steady weights, NaN logits of moderate size otherwise: a fault, not a divergence.
        { 1.2, 1.0, true, false, 7, false, "vnet-atria doctor" },
        // Steady weights, finite logits (a NaN gradient with everything else healthy).
        { 1.0, 1.0, false, false, 12, false, "numerical fault in a kernel" },
        // Weights grew 11-fold within the epoch.
        { 11, 1.0, true, false, 0, true, "the weights grew more than 10-fold within the epoch" },
        // An infinite logit.
        { 1.0, 1.0, false, true, 3, true, "the logits overflowed" },
        // A finite logit beyond 1e4.
        { 1.0, 1.0, false, false, 2e4, true, "the logits overflowed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_growing_weights_or_overflowing_logits_count_as_a_divergence(
        double largestWeight, double atEpochStart, bool logitsNaN, bool logitsInfinite, double largestFiniteLogit, bool divergence, string phrase)
    {
        var evidence = new NumericalEvidence(largestWeight, atEpochStart, logitsNaN, logitsInfinite, largestFiniteLogit);
        Assert.Equal(divergence, evidence.IsDivergence);
        Assert.Contains(phrase, evidence.Conclusion, StringComparison.Ordinal);
        Assert.Equal(divergence, evidence.Conclusion.Contains("lower the learning rate", StringComparison.Ordinal));
    }

    [Fact]
    public void Gather_measures_the_largest_weight_and_the_logits_finite_and_not()
    {
        using var scope = NewDisposeScope();
        var weights = new[] { tensor(new[] { 0.5f, -3f }), tensor(new[] { 2f }) };
        var logits = tensor(new[] { 1f, -40f, float.NaN, float.PositiveInfinity });
        var evidence = NumericalEvidence.Gather(weights, 2.5, logits);
        Assert.Equal(new NumericalEvidence(3, 2.5, LogitsHaveNaN: true, LogitsHaveInfinity: true, LargestFiniteLogit: 40), evidence);
        Assert.True(double.IsNaN(NumericalEvidence.LargestMagnitude([tensor(new[] { 1f, float.NaN })])));
    }
}
