using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Metrics;

/// <summary>
/// The Dice of a thresholded prediction on tensors, as validation measures it to pick the best model: one figure for
/// the whole batch (overlap and sizes summed over every voxel of every case), not a mean of per-case Dice.
/// </summary>
public static class HardDice
{
    /// <summary>Batch-global Dice of (sigmoid(logits) &gt;= 0.5) against the labels; 1 when both are empty.</summary>
    /// <param name="logits">The model's output (any float dtype); a logit of 0 is p = 0.5, so the threshold is logits &gt;= 0.</param>
    /// <param name="labels">The binary labels, same shape.</param>
    public static double Compute(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var prediction = logits.ge(HeldScalars.Zero).to(ScalarType.Float32);
        var truth = labels.to(ScalarType.Float32);
        var overlap = (prediction * truth).sum().item<float>();
        var total = prediction.sum().item<float>() + truth.sum().item<float>();
        return total == 0 ? 1.0 : 2.0 * overlap / total;
    }
}
