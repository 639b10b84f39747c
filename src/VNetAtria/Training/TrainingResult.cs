namespace VNetAtria.Training;

/// <summary>Why <see cref="Trainer.Train"/> returned.</summary>
public enum TrainingOutcome
{
    /// <summary>All epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: validation Dice stopped improving.</summary>
    EarlyStopped,
    /// <summary>Cancellation was requested; checkpoint-last holds the position after the last finished batch.</summary>
    Cancelled,
}

/// <summary>The end of a training run.</summary>
/// <param name="Outcome">Why it ended.</param>
/// <param name="CompletedEpochs">Epochs fully done.</param>
/// <param name="BatchInEpoch">Batches done in the unfinished epoch (non-zero only when cancelled mid-epoch).</param>
/// <param name="BestValidationDice">Best validation Dice (NaN when never validated).</param>
/// <param name="BestEpoch">1-based epoch of the best validation Dice (0 when never validated).</param>
/// <param name="History">One record per completed epoch.</param>
public sealed record TrainingResult(
    TrainingOutcome Outcome,
    int CompletedEpochs,
    int BatchInEpoch,
    double BestValidationDice,
    int BestEpoch,
    IReadOnlyList<EpochRecord> History);

/// <summary>The loss became NaN or infinite; training stopped and the last good checkpoint was kept.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, int epoch, int batch) : base(message)
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>1-based epoch in which the loss diverged.</summary>
    public int Epoch { get; }

    /// <summary>1-based batch within that epoch.</summary>
    public int Batch { get; }
}
