using static TorchSharp.torch;

namespace VNetAtria.Losses;

/// <summary>A loss value to back-propagate and, for monitoring as the original did, the soft Dice loss of the same batch.</summary>
/// <param name="Loss">The scalar to minimise.</param>
/// <param name="DiceLoss">The batch's soft Dice loss (detached).</param>
public sealed record LossResult(Tensor Loss, Tensor DiceLoss);
