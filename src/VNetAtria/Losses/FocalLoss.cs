using TorchSharp;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>
/// Focal loss (Lin et al. 2017) from BCE-with-logits, as the original: bce per voxel, pt = exp(-bce),
/// loss = mean(w * (1 - pt)^gamma * bce) with w = foreground weight where g = 1 and background weight where g = 0
/// (the original: gamma 2, foreground 200, background 1, i.e. w = 1 + 199 g).
/// </summary>
public static class FocalLoss
{
    /// <summary>Computes the loss.</summary>
    public static Tensor Compute(Tensor logits, Tensor target, double gamma = 2, double foregroundWeight = 200, double backgroundWeight = 1)
    {
        using var scope = NewDisposeScope();
        using var foreground = foregroundWeight.ToScalar();
        using var background = backgroundWeight.ToScalar();
        using var exponent = gamma.ToScalar();
        var g = target.to(logits.dtype);
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, g, reduction: nn.Reduction.None);
        var pt = (-bce).exp();
        // g * fg + (1 - g) * bg and (1 - pt)^gamma, in the operators' order, with held scalars.
        var weight = g.mul(foreground).add(HeldScalars.OneMinus(g).mul(background), HeldScalars.One);
        return (weight * HeldScalars.OneMinus(pt).pow(exponent) * bce).mean().MoveToOuterDisposeScope();
    }
}
