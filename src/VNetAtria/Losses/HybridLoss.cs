using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>The region term of a loss.</summary>
public enum RegionLossKind
{
    /// <summary>Soft Dice (the original's choice).</summary>
    Dice,
    /// <summary>Focal.</summary>
    Focal,
}

/// <summary>
/// alpha * region + (1 - alpha) * Boundary, the original's Hybrid loss (region = Dice) with alpha from an
/// <see cref="AlphaSchedule"/>. With alpha = 1 it is the plain region loss.
/// </summary>
public static class HybridLoss
{
    /// <summary>Computes the loss for the given alpha.</summary>
    public static LossResult Compute(Tensor logits, Tensor target, Tensor levelSet, double alpha, RegionLossKind region = RegionLossKind.Dice)
    {
        using var scope = NewDisposeScope();
        var dice = DiceLoss.Compute(logits, target);
        var regionLoss = region == RegionLossKind.Dice ? dice : FocalLoss.Compute(logits, target);
        var loss = alpha >= 1 ? regionLoss : alpha * regionLoss + (1 - alpha) * BoundaryLoss.Compute(logits, levelSet);
        return new LossResult(loss.MoveToOuterDisposeScope(), dice.detach().MoveToOuterDisposeScope());
    }
}
