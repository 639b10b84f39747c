namespace VNetAtria.Plotting;

/// <summary>
/// One epoch of a training history, as the training-curve chart needs it (kept primitive so that any history type maps
/// onto it). Missing values (no validation that epoch, no alpha schedule) are null and leave gaps.
/// </summary>
/// <param name="Epoch">Epoch number (the x axis).</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="ValidationLoss">Mean validation loss, or null.</param>
/// <param name="ValidationDice">Mean validation Dice, or null.</param>
/// <param name="LearningRate">Learning rate used, or null.</param>
/// <param name="Alpha">The hybrid loss's boundary weight alpha, or null.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double? ValidationLoss = null, double? ValidationDice = null, double? LearningRate = null, double? Alpha = null);
