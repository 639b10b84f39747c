using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>
/// Boundary (surface) loss (Kervadec et al., Medical Image Analysis 2021): mean(sigmoid(logits) * phi) with phi the
/// ground truth's level set (<see cref="LevelSets"/>), one per sample, computed on the (augmented) label.
/// Minimal when the prediction covers exactly the voxels where phi is negative.
/// </summary>
public static class BoundaryLoss
{
    /// <summary>Computes the loss; <paramref name="levelSet"/> has the logits' shape.</summary>
    public static Tensor Compute(Tensor logits, Tensor levelSet)
    {
        using var scope = NewDisposeScope();
        return (logits.sigmoid() * levelSet.to(logits.dtype)).mean().MoveToOuterDisposeScope();
    }
}
