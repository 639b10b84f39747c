using TorchSharp;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>
/// Soft Dice loss on logits: p = sigmoid(logits); 1 - 2 sum(p g) / max(sum p + sum g, eps).
/// Batch-global (the whole batch flattened into one vector) as the original, or the mean of per-sample losses.
/// </summary>
public static class DiceLoss
{
    /// <summary>The original's eps (a floor on the denominator).</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>Computes the loss; <paramref name="target"/> holds 0/1 with the logits' shape.</summary>
    public static Tensor Compute(Tensor logits, Tensor target, bool perSample = false, double epsilon = DefaultEpsilon)
    {
        using var scope = NewDisposeScope();
        using var floor = epsilon.ToScalar();
        var p = logits.sigmoid();
        var g = target.to(p.dtype);
        Tensor loss;
        if (perSample)
        {
            var n = p.shape[0];
            var pf = p.reshape(n, -1);
            var gf = g.reshape(n, -1);
            var intersection = (pf * gf).sum(1);
            var denominator = pf.sum(1).add(gf.sum(1), HeldScalars.One).clamp_min(floor);
            loss = Ratio(intersection, denominator).mean();
        }
        else
        {
            var denominator = p.sum().add(g.sum(), HeldScalars.One).clamp_min(floor);
            loss = Ratio((p * g).sum(), denominator);
        }
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary><c>1 - 2 * intersection / denominator</c>, in the operators' order, with held scalars (TorchSharp's own operators make temporaries).</summary>
    private static Tensor Ratio(Tensor intersection, Tensor denominator) =>
        HeldScalars.OneMinus(intersection.mul(HeldScalars.Two).div(denominator));
}
