namespace VNetAtria.Training;

/// <summary>One row of the training history (history.csv). Validation columns are NaN in epochs without validation.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (the loss minimised).</param>
/// <param name="TrainDiceLoss">Mean soft Dice loss over the epoch's batches.</param>
/// <param name="ValidationLoss">Mean validation loss (same loss and alpha as training; the region term alone when the validation batches carry no level sets).</param>
/// <param name="ValidationDiceLoss">Mean validation soft Dice loss (the metric the plateau scheduler watches).</param>
/// <param name="ValidationDice">Mean validation Dice of the thresholded prediction (p &gt;= 0.5; the best-model metric).</param>
/// <param name="LearningRate">The learning rate used during the epoch.</param>
/// <param name="Alpha">The loss schedule's region weight during the epoch.</param>
/// <param name="Seconds">Wall time of the epoch including validation (summed over interrupted parts).</param>
/// <param name="PeakMemoryBytes">Peak memory during the epoch: process peak RSS (VmHWM on Linux, reset at each epoch start where the kernel allows).</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainDiceLoss,
    double ValidationLoss,
    double ValidationDiceLoss,
    double ValidationDice,
    double LearningRate,
    double Alpha,
    double Seconds,
    long PeakMemoryBytes);
