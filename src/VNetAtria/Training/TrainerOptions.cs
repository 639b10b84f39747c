using System.Text.Json.Serialization;
using VNetAtria.Losses;

namespace VNetAtria.Training;

/// <summary>
/// How a <see cref="Trainer"/> trains: Adam with PyTorch's defaults (betas 0.9/0.999, eps 1e-8, no weight decay) at
/// <see cref="LearningRate"/>, ReduceLROnPlateau on the validation Dice loss, the Hybrid loss with its alpha schedule,
/// validation, checkpoints and early stopping. Defaults are the original segmenters' (docs/original-pipeline.md).
/// </summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs to train (the original: 200).</summary>
    public int MaxEpochs { get; init; } = 200;

    /// <summary>Adam's initial learning rate (the original table: 1e-4 locator, 3e-4 VNet segmenter).</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Adam's L2 weight decay, added to every gradient as <c>decay * weight</c> (the original: 0).</summary>
    public double WeightDecay { get; init; }

    /// <summary>The learning-rate schedule on plateaus of the validation Dice loss (used when <see cref="Schedule"/> is null or plateau).</summary>
    public ReduceLROnPlateauOptions Plateau { get; init; } = ReduceLROnPlateauOptions.Segmenter;

    /// <summary>
    /// A fixed-budget schedule (warm-up, then poly or cosine over <see cref="MaxEpochs"/>) instead of the plateau
    /// schedule; null (the default, and what older checkpoints hold) or kind plateau keeps ReduceLROnPlateau.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>The region term of the loss (Dice as the original, Focal, or Dice + cross-entropy).</summary>
    public RegionLossKind RegionLoss { get; init; } = RegionLossKind.Dice;

    /// <summary>The weights of the Dice + cross-entropy region loss; null: 1 and 1 (nnU-Net's).</summary>
    public DiceCrossEntropyWeights? DiceCrossEntropy { get; init; }

    /// <summary>True when the learning rate follows a fixed-budget schedule (poly or cosine) rather than validation plateaus.</summary>
    [JsonIgnore]
    public bool UsesBudgetSchedule => Schedule is { UsesBudget: true };

    /// <summary>
    /// The weight of the region term per epoch. Region-only training is the constant 1 (the default); the original
    /// Hybrid rows use <see cref="AlphaSchedule.Original"/>.
    /// </summary>
    public AlphaSchedule Alpha { get; init; } = AlphaSchedule.Constant(1.0);

    /// <summary>Validate every this many epochs (and always after the last epoch). The original: every epoch.</summary>
    public int ValidateEveryEpochs { get; init; } = 1;

    /// <summary>Keep a numbered checkpoint every this many epochs (the original's save_after_epochs); 0 = none.</summary>
    public int CheckpointEveryEpochs { get; init; } = 10;

    /// <summary>Also refresh checkpoint-last every this many batches inside an epoch (0 = only at epoch ends).</summary>
    public int CheckpointEveryBatches { get; init; }

    /// <summary>
    /// Stop when this many validations in a row bring no new best validation Dice; null = never (the original trains
    /// all epochs).
    /// </summary>
    public int? EarlyStopPatience { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option, its value and the fix.</summary>
    public TrainerOptions Validated()
    {
        if (MaxEpochs < 1) throw new ArgumentException($"Trainer option MaxEpochs must be at least 1, found {MaxEpochs}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"Trainer option LearningRate must be a positive number, found {LearningRate}.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentException($"Trainer option WeightDecay must be a finite number >= 0, found {WeightDecay}.");
        if (ValidateEveryEpochs < 1) throw new ArgumentException($"Trainer option ValidateEveryEpochs must be at least 1, found {ValidateEveryEpochs}.");
        if (CheckpointEveryEpochs < 0) throw new ArgumentException($"Trainer option CheckpointEveryEpochs must be >= 0 (0 = no numbered checkpoints), found {CheckpointEveryEpochs}.");
        if (CheckpointEveryBatches < 0) throw new ArgumentException($"Trainer option CheckpointEveryBatches must be >= 0 (0 = only at epoch ends), found {CheckpointEveryBatches}.");
        if (EarlyStopPatience is < 1) throw new ArgumentException($"Trainer option EarlyStopPatience must be at least 1 or null (off), found {EarlyStopPatience}.");
        if (!Enum.IsDefined(RegionLoss)) throw new ArgumentException($"Trainer option RegionLoss '{RegionLoss}' is not one of Dice, Focal, DiceCrossEntropy.");
        Plateau.Validated();
        Schedule?.Validated();
        if (Schedule is { UsesBudget: true, WarmupEpochs: var warmup } && warmup >= MaxEpochs)
            throw new ArgumentException($"Trainer option Schedule.WarmupEpochs ({warmup}) must be below MaxEpochs ({MaxEpochs}): the {Schedule.Kind} decay needs epochs after the warm-up.");
        DiceCrossEntropy?.Validated();
        Alpha.Validated();
        return this;
    }
}
