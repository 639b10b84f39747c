using TorchSharp;
using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>The weights of <see cref="DiceCrossEntropyLoss"/>: loss = Dice * soft Dice + CrossEntropy * BCE (nnU-Net: 1 and 1).</summary>
public sealed record DiceCrossEntropyWeights
{
    /// <summary>Weight of the batch-global soft Dice loss (1).</summary>
    public double Dice { get; init; } = 1;

    /// <summary>Weight of the voxel-mean binary cross-entropy (1).</summary>
    public double CrossEntropy { get; init; } = 1;

    /// <summary>nnU-Net's default: both terms with weight 1.</summary>
    public static DiceCrossEntropyWeights Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad weight.</summary>
    public DiceCrossEntropyWeights Validated()
    {
        if (!(Dice >= 0) || !double.IsFinite(Dice)) throw new ArgumentException($"Dice + cross-entropy: the Dice weight must be a finite number >= 0, found {Dice}.");
        if (!(CrossEntropy >= 0) || !double.IsFinite(CrossEntropy)) throw new ArgumentException($"Dice + cross-entropy: the cross-entropy weight must be a finite number >= 0, found {CrossEntropy}.");
        if (Dice + CrossEntropy == 0) throw new ArgumentException("Dice + cross-entropy: both weights are 0, so the loss would be constant; give at least one a positive weight.");
        return this;
    }
}

/// <summary>
/// Soft Dice plus binary cross-entropy on the single logit channel, nnU-Net's default loss for one foreground class
/// (its DC_and_BCE_loss): <c>wDice * (1 - 2 sum(p g) / max(sum p + sum g, eps)) + wCE * mean(BCE(logits, g))</c>, with
/// p = sigmoid(logits), the Dice batch-global as <see cref="DiceLoss"/> and the BCE computed from the logits (stable
/// for large magnitudes). The cross-entropy term gives every voxel a gradient from the first step, where soft Dice
/// alone is flat for a network that predicts almost nothing, which is why it converges faster.
/// </summary>
public static class DiceCrossEntropyLoss
{
    /// <summary>Computes the loss; <paramref name="target"/> holds 0/1 with the logits' shape.</summary>
    public static Tensor Compute(Tensor logits, Tensor target, DiceCrossEntropyWeights? weights = null)
    {
        var w = (weights ?? DiceCrossEntropyWeights.Default).Validated();
        using var scope = NewDisposeScope();
        // Held scalars: a temporary Scalar may be freed by its finalizer while libtorch still reads it.
        using var diceWeight = w.Dice.ToScalar();
        using var crossEntropyWeight = w.CrossEntropy.ToScalar();
        using var one = 1.ToScalar();
        var dice = DiceLoss.Compute(logits, target);
        var crossEntropy = nn.functional.binary_cross_entropy_with_logits(logits, target.to(logits.dtype));
        return dice.mul(diceWeight).add(crossEntropy.mul(crossEntropyWeight), one).MoveToOuterDisposeScope();
    }
}
