namespace VNetAtria.Training.Checkpoints;

/// <summary>
/// Everything about a run's position that is not a tensor: where training stands, the scheduler, the loss schedule,
/// the best result so far, the running sums of an interrupted epoch, the history and the caller's configuration.
/// Saved as JSON in the checkpoint's manifest. Older checkpoints also hold an "Attachments" object (opaque caller
/// blobs that nothing read); reading ignores it, as it ignores any member this record does not have.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Epochs fully completed.</summary>
    public int CompletedEpochs { get; init; }

    /// <summary>Batches already done in epoch <see cref="CompletedEpochs"/> (0-based epoch index); 0 at an epoch boundary.</summary>
    public int BatchInEpoch { get; init; }

    /// <summary>Optimiser steps taken in the whole run.</summary>
    public long GlobalStep { get; init; }

    /// <summary>The learning-rate scheduler.</summary>
    public required ReduceLROnPlateauState Scheduler { get; init; }

    /// <summary>The loss schedule's alpha for the current epoch (for checking; it is recomputed from the epoch).</summary>
    public double Alpha { get; init; }

    /// <summary>The epoch index (0-based) <see cref="Alpha"/> belongs to.</summary>
    public int AlphaEpoch { get; init; }

    /// <summary>Best validation Dice so far; NaN before the first validation.</summary>
    public double BestValidationDice { get; init; } = double.NaN;

    /// <summary>1-based epoch of <see cref="BestValidationDice"/>; 0 before the first validation.</summary>
    public int BestEpoch { get; init; }

    /// <summary>Validations in a row without a new best (for early stopping).</summary>
    public int ValidationsWithoutImprovement { get; init; }

    /// <summary>Sum of the batch losses done so far in the interrupted epoch.</summary>
    public double PartialTrainLossSum { get; init; }

    /// <summary>Sum of the batch soft Dice losses done so far in the interrupted epoch.</summary>
    public double PartialTrainDiceLossSum { get; init; }

    /// <summary>Seconds already spent on the interrupted epoch.</summary>
    public double PartialSeconds { get; init; }

    /// <summary>Peak memory seen so far in the interrupted epoch.</summary>
    public long PartialPeakMemoryBytes { get; init; }

    /// <summary>One record per completed epoch.</summary>
    public IReadOnlyList<EpochRecord> History { get; init; } = [];

    /// <summary>The run's configuration JSON (model, trainer and the caller's config) compared on resume.</summary>
    public string ConfigJson { get; init; } = "{}";
}
