using TorchSharp;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>The region term of a loss.</summary>
public enum RegionLossKind
{
    /// <summary>Soft Dice (the original's choice).</summary>
    Dice,
    /// <summary>Focal.</summary>
    Focal,
    /// <summary>Soft Dice plus binary cross-entropy (nnU-Net's default; <see cref="DiceCrossEntropyLoss"/>).</summary>
    DiceCrossEntropy,
}

/// <summary>
/// alpha * region + (1 - alpha) * Boundary, the original's Hybrid loss (region = Dice) with alpha from an
/// <see cref="AlphaSchedule"/>. With alpha = 1 it is the plain region loss.
/// </summary>
public static class HybridLoss
{
    /// <summary>Computes the loss for the given alpha; <paramref name="weights"/> are the Dice + cross-entropy region's (default 1 and 1).</summary>
    public static LossResult Compute(Tensor logits, Tensor target, Tensor levelSet, double alpha, RegionLossKind region = RegionLossKind.Dice,
        DiceCrossEntropyWeights? weights = null)
    {
        using var scope = NewDisposeScope();
        var dice = DiceLoss.Compute(logits, target);
        var regionLoss = region switch
        {
            RegionLossKind.Dice => dice,
            RegionLossKind.DiceCrossEntropy => DiceCrossEntropyLoss.Compute(logits, target, weights),
            _ => FocalLoss.Compute(logits, target),
        };
        var loss = alpha >= 1 ? regionLoss : Blend(regionLoss, BoundaryLoss.Compute(logits, levelSet), alpha);
        return new LossResult(loss.MoveToOuterDisposeScope(), dice.detach().MoveToOuterDisposeScope());
    }

    /// <summary><c>alpha * region + (1 - alpha) * boundary</c>, in the operators' order, with held scalars.</summary>
    private static Tensor Blend(Tensor region, Tensor boundary, double alpha)
    {
        using var regionWeight = alpha.ToScalar();
        using var boundaryWeight = (1 - alpha).ToScalar();
        return region.mul(regionWeight).add(boundary.mul(boundaryWeight), HeldScalars.One);
    }
}
