namespace VNetAtria.Training;

/// <summary>Reported after every training batch (for progress bars).</summary>
/// <param name="Epoch">0-based epoch index.</param>
/// <param name="MaxEpochs">Epochs in the run.</param>
/// <param name="Batch">Batches done in this epoch (1-based count).</param>
/// <param name="BatchesPerEpoch">Batches per epoch.</param>
/// <param name="Loss">This batch's loss.</param>
/// <param name="DiceLoss">This batch's soft Dice loss.</param>
/// <param name="LearningRate">The current learning rate.</param>
public sealed record BatchProgress(int Epoch, int MaxEpochs, int Batch, int BatchesPerEpoch, double Loss, double DiceLoss, double LearningRate);

/// <summary>What a caller can observe during training; every member is optional.</summary>
public sealed record TrainingCallbacks
{
    /// <summary>Called after each training batch.</summary>
    public Action<BatchProgress>? Batch { get; init; }

    /// <summary>Called after each epoch with its history record.</summary>
    public Action<EpochRecord>? Epoch { get; init; }

    /// <summary>Receives log lines (for log.txt and the console).</summary>
    public Action<string>? Log { get; init; }
}
