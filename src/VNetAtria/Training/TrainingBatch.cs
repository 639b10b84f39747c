using static TorchSharp.torch;

namespace VNetAtria.Training;

/// <summary>
/// One batch ready for a training or validation step, on the step's device: images (N, 1, D, H, W) float32,
/// labels (N, 1, D, H, W) float32 in {0, 1}, and the labels' level sets (same shape) when the loss needs them.
/// The consumer disposes it after the step.
/// </summary>
/// <param name="Images">Normalised images.</param>
/// <param name="Labels">Binary labels.</param>
/// <param name="LevelSets">Signed level sets of the (augmented) labels for the Boundary loss, or null.</param>
/// <param name="CaseIds">The case of each sample, in batch order.</param>
public sealed record TrainingBatch(Tensor Images, Tensor Labels, Tensor? LevelSets, IReadOnlyList<string> CaseIds) : IDisposable
{
    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
        LevelSets?.Dispose();
    }
}
