using System.Globalization;
using static TorchSharp.torch;

namespace VNetAtria.Training;

/// <summary>
/// What the trainer measures when a loss or a gradient stops being finite, and what it concludes: a real divergence
/// (the weights grew more than <see cref="WeightGrowthLimit"/>-fold since the epoch started, or the logits overflowed:
/// an infinite logit or one beyond <see cref="LogitLimit"/>), for which a lower learning rate is the cure, or else a
/// numerical fault (NaN from finite inputs and finite, steady weights), which a learning rate cannot cause and
/// <c>vnet-atria doctor</c> helps find.
/// </summary>
/// <param name="LargestWeight">The largest |weight| now (NaN when a weight is NaN).</param>
/// <param name="LargestWeightAtEpochStart">The largest |weight| when the epoch (or the resumed part of it) started.</param>
/// <param name="LogitsHaveNaN">Some logit is NaN.</param>
/// <param name="LogitsHaveInfinity">Some logit is infinite.</param>
/// <param name="LargestFiniteLogit">The largest finite |logit| (0 when none is finite).</param>
internal sealed record NumericalEvidence(double LargestWeight, double LargestWeightAtEpochStart, bool LogitsHaveNaN, bool LogitsHaveInfinity, double LargestFiniteLogit)
{
    /// <summary>Logits beyond this mean runaway activations: a float32 sigmoid saturates at |x| ~ 17, healthy VNet logits stay within tens.</summary>
    public const double LogitLimit = 1e4;

    /// <summary>Growth of the largest weight within one epoch that counts as divergence: Adam moves a weight by about lr per step.</summary>
    public const double WeightGrowthLimit = 10;

    /// <summary>The advice for a fault that is not a divergence.</summary>
    public const string DoctorAdvice = "run `vnet-atria doctor` to check this machine's convolution kernels";

    /// <summary>The weights grew more than <see cref="WeightGrowthLimit"/>-fold within the epoch.</summary>
    public bool WeightsGrew => LargestWeight > WeightGrowthLimit * LargestWeightAtEpochStart;

    /// <summary>A logit is infinite or beyond <see cref="LogitLimit"/>.</summary>
    public bool LogitsOverflowed => LogitsHaveInfinity || LargestFiniteLogit > LogitLimit;

    /// <summary>The evidence of a real divergence, for which lowering the learning rate is the advice.</summary>
    public bool IsDivergence => WeightsGrew || LogitsOverflowed;

    /// <summary>The measurements, for the message.</summary>
    public string Facts =>
        $"largest |weight| {Format(LargestWeight)} ({Format(LargestWeightAtEpochStart)} when the epoch started), largest finite |logit| {Format(LargestFiniteLogit)}" +
        (LogitsHaveNaN ? ", some logits NaN" : "") + (LogitsHaveInfinity ? ", some logits infinite" : "");

    /// <summary>The conclusion and its advice: lower the learning rate for a divergence, else the doctor.</summary>
    public string Conclusion => IsDivergence
        ? $"The training diverged ({(WeightsGrew ? $"the weights grew more than {WeightGrowthLimit:G}-fold within the epoch" : "the logits overflowed")}): lower the learning rate."
        : $"The weights are finite and steady and the logits moderate, so this is not a divergence but likely a numerical fault in a kernel: {DoctorAdvice}.";

    /// <summary>Measures <paramref name="weights"/> and <paramref name="logits"/>.</summary>
    public static NumericalEvidence Gather(IEnumerable<Tensor> weights, double largestWeightAtEpochStart, Tensor logits)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var detached = logits.detach();
        var hasNaN = detached.isnan().any().item<bool>();
        var hasInfinity = detached.isinf().any().item<bool>();
        var largestFinite = detached.abs().nan_to_num(0.0, 0.0, 0.0).max().to(ScalarType.Float64).item<double>();
        return new NumericalEvidence(LargestMagnitude(weights), largestWeightAtEpochStart, hasNaN, hasInfinity, largestFinite);
    }

    /// <summary>The largest |value| over <paramref name="tensors"/> (NaN when any value is NaN; 0 for none).</summary>
    public static double LargestMagnitude(IEnumerable<Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var maxima = tensors.Where(t => t.numel() > 0).Select(t => t.detach().abs().max().to(ScalarType.Float64)).ToArray();
        return maxima.Length == 0 ? 0 : stack(maxima).max().item<double>();
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
