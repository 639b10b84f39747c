using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Training;

namespace VNetAtria.Experiments;

/// <summary>
/// One trained stage (the locator or the segmenter): model, loss, optimiser, schedule and loop settings.
/// The property defaults are the original segmenter's; <see cref="OriginalLocator"/> holds the locator's
/// (docs/original-pipeline.md, "Locator stage" and "Segmentation stage").
/// </summary>
public sealed record StageConfig
{
    /// <summary>Whether the stage runs (a config without a locator feeds whole volumes to the segmenter).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// A finished run folder (or checkpoint file) whose trained model this stage reuses instead of training; null
    /// trains it. The original trained the locator once (row 1) and passed its best checkpoint to every segmenter run.
    /// </summary>
    public string? Pretrained { get; init; }

    /// <summary>The VNet's architecture options (defaults: the original, num_layers 1, no attention).</summary>
    public VNetOptions Model { get; init; } = VNetOptions.Original;

    /// <summary>The training loss.</summary>
    public LossConfig Loss { get; init; } = new();

    /// <summary>The optimiser (Adam).</summary>
    public OptimiserConfig Optimiser { get; init; } = new();

    /// <summary>Samples per batch (segmenter 3, locator 5).</summary>
    public int BatchSize { get; init; } = 3;

    /// <summary>Maximum epochs (200 in the original).</summary>
    public int Epochs { get; init; } = 200;

    /// <summary>ReduceLROnPlateau on the validation Dice loss (segmenter patience 7 factor 0.8; locator 15 and 0.85).</summary>
    public PlateauConfig Plateau { get; init; } = new();

    /// <summary>
    /// A fixed-budget learning-rate schedule instead of the plateau one: linear warm-up for <c>warmupEpochs</c>, then
    /// poly (nnU-Net's lr0 * (1 - t/T)^0.9) or cosine over the remaining epochs, per optimiser step; null (the
    /// default) or kind plateau keeps ReduceLROnPlateau.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Train on random patches of whole cases (segmenter only); null (the default) trains on whole crops.</summary>
    public PatchConfig? Patches { get; init; }

    /// <summary>Validate every this many epochs (1: the original validated every epoch).</summary>
    public int ValidateEvery { get; init; } = 1;

    /// <summary>Keep a periodic checkpoint every this many epochs (the original's save_after_epochs; its README used 100).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Stop after this many validations without improvement; null never stops early (the original).</summary>
    public int? EarlyStopPatience { get; init; }

    /// <summary>The original's segmenter: VNet, Dice, Adam lr 3e-4 (the results table; its README's command said 2e-4), batch 3, patience 7, factor 0.8.</summary>
    public static StageConfig OriginalSegmenter { get; } = new();

    /// <summary>The original's locator: VNet num_layers 1, Dice, Adam lr 1e-4, batch 5, patience 15, factor 0.85, 200 epochs.</summary>
    public static StageConfig OriginalLocator { get; } = new()
    {
        Optimiser = new OptimiserConfig { Lr = 1e-4 },
        BatchSize = 5,
        Plateau = new PlateauConfig { Patience = 15, Factor = 0.85 },
    };

    internal void Validate(string path, ConfigProblems p)
    {
        if (Pretrained is not null && string.IsNullOrWhiteSpace(Pretrained))
            p.Add(path + ".pretrained", "is empty; give a run folder (e.g. runs/01-locator) or null to train the stage");
        ValidateModel(path + ".model", Model, p);
        Loss.Validate(path + ".loss", p);
        p.Positive(path + ".optimiser.lr", Optimiser.Lr);
        p.AtLeast(path + ".optimiser.weightDecay", Optimiser.WeightDecay, 0);
        p.AtLeast(path + ".batchSize", BatchSize, 1);
        if (BatchSize == 1 && Model.Attention)
            p.Add(path + ".batchSize", "1 fails with attention: the channel gate's BatchNorm1d needs at least 2 samples in training (use 2 or more)");
        p.AtLeast(path + ".epochs", Epochs, 1);
        p.AtLeast(path + ".plateau.patience", Plateau.Patience, 0);
        if (!(Plateau.Factor > 0 && Plateau.Factor < 1))
            p.Add(path + ".plateau.factor", $"must be in (0, 1), found {ConfigProblems.Format(Plateau.Factor)}");
        p.AtLeast(path + ".plateau.minLr", Plateau.MinLr, 0);
        if (Schedule is { } schedule)
        {
            p.AtLeast(path + ".schedule.warmupEpochs", schedule.WarmupEpochs, 0);
            if (schedule.UsesBudget && schedule.WarmupEpochs >= Epochs && Epochs >= 1)
                p.Add(path + ".schedule.warmupEpochs", $"{schedule.WarmupEpochs} leaves no epoch of the {Epochs} to decay over; use fewer warm-up epochs");
            p.Positive(path + ".schedule.exponent", schedule.Exponent);
            p.AtLeast(path + ".schedule.minLearningRate", schedule.MinLearningRate, 0);
        }
        Patches?.Validate(path + ".patches", p);
        p.AtLeast(path + ".validateEvery", ValidateEvery, 1);
        p.AtLeast(path + ".checkpointEvery", CheckpointEvery, 1);
        if (EarlyStopPatience is { } e) p.AtLeast(path + ".earlyStopPatience", e, 1);
    }

    private static void ValidateModel(string path, VNetOptions m, ConfigProblems p)
    {
        p.AtLeast(path + ".numLayers", m.NumLayers, 1);
        p.AtLeast(path + ".dilation", m.Dilation, 1);
        p.AtLeast(path + ".attentionDilation", m.AttentionDilation, 1);
        p.AtLeast(path + ".attentionReduction", m.AttentionReduction, 1);
        p.AtLeast(path + ".baseWidth", m.BaseWidth, 1);
        if (m.Attention && m.AttentionReduction >= 1 && m.BaseWidth >= 1 && m.BaseWidth / m.AttentionReduction < 1)
            p.Add(path + ".baseWidth", $"{m.BaseWidth} is too small for attention reduction {m.AttentionReduction}: the gates need baseWidth >= attentionReduction");
    }
}

/// <summary>The loss families.</summary>
public enum LossKind
{
    /// <summary>Batch-global soft Dice on sigmoid probabilities (the original's).</summary>
    Dice,
    /// <summary>Weighted focal loss (foreground weight, gamma).</summary>
    Focal,
    /// <summary>alpha * region + (1 - alpha) * boundary, alpha from the schedule (the original's "Hybrid": Dice + Boundary).</summary>
    Hybrid,
    /// <summary>Soft Dice plus binary cross-entropy, weights in <c>diceCrossEntropy</c> (nnU-Net's default loss).</summary>
    DiceCrossEntropy,
}

/// <summary>Loss settings.</summary>
public sealed record LossConfig
{
    /// <summary>The loss (Dice by default).</summary>
    public LossKind Kind { get; init; } = LossKind.Dice;

    /// <summary>The region term when <see cref="Kind"/> is Hybrid.</summary>
    public RegionLossKind Region { get; init; } = RegionLossKind.Dice;

    /// <summary>The Hybrid weight schedule (the original's: 1, minus 0.01 per epoch while alpha - 0.1 &gt;= 0.05).</summary>
    public AlphaSchedule Alpha { get; init; } = AlphaSchedule.Original;

    /// <summary>Focal loss settings (Focal, or Hybrid with a focal region).</summary>
    public FocalConfig Focal { get; init; } = new();

    /// <summary>The weights of the Dice + cross-entropy loss (kind dice-cross-entropy, or Hybrid with that region); null: 1 and 1, nnU-Net's.</summary>
    public DiceCrossEntropyWeights? DiceCrossEntropy { get; init; }

    internal void Validate(string path, ConfigProblems p)
    {
        if (DiceCrossEntropy is { } w)
        {
            p.AtLeast(path + ".diceCrossEntropy.dice", w.Dice, 0);
            p.AtLeast(path + ".diceCrossEntropy.crossEntropy", w.CrossEntropy, 0);
            if (w.Dice == 0 && w.CrossEntropy == 0)
                p.Add(path + ".diceCrossEntropy", "both weights are 0, so the loss would be constant; give at least one a positive weight");
        }
        p.InRange(path + ".alpha.start", Alpha.Start, 0, 1);
        p.AtLeast(path + ".alpha.step", Alpha.Step, 0);
        p.InRange(path + ".alpha.floor", Alpha.Floor, 0, 1);
        p.AtLeast(path + ".alpha.startEpoch", Alpha.StartEpoch, 0);
        p.AtLeast(path + ".focal.gamma", Focal.Gamma, 0);
        p.Positive(path + ".focal.foregroundWeight", Focal.ForegroundWeight);
        p.Positive(path + ".focal.backgroundWeight", Focal.BackgroundWeight);
    }
}

/// <summary>Focal loss settings (Losses/FocalLoss): mean(w * (1 - pt)^gamma * BCE), w = foregroundWeight on foreground, backgroundWeight elsewhere.</summary>
public sealed record FocalConfig
{
    /// <summary>The focusing exponent (the original's 2).</summary>
    public double Gamma { get; init; } = 2;

    /// <summary>The weight of foreground voxels (the original's 1 + 199 g: 200).</summary>
    public double ForegroundWeight { get; init; } = 200;

    /// <summary>The weight of background voxels (1).</summary>
    public double BackgroundWeight { get; init; } = 1;
}

/// <summary>The optimisers available.</summary>
public enum OptimiserKind
{
    /// <summary>Adam (betas 0.9, 0.999; eps 1e-8), the original's.</summary>
    Adam,
}

/// <summary>Optimiser settings.</summary>
public sealed record OptimiserConfig
{
    /// <summary>The optimiser (Adam).</summary>
    public OptimiserKind Kind { get; init; } = OptimiserKind.Adam;

    /// <summary>Learning rate (segmenter 3e-4 as the original table's VNet rows).</summary>
    public double Lr { get; init; } = 3e-4;

    /// <summary>L2 weight decay (0, the original's).</summary>
    public double WeightDecay { get; init; }
}

/// <summary>ReduceLROnPlateau (mode min) on the validation Dice loss.</summary>
public sealed record PlateauConfig
{
    /// <summary>Validations without improvement before the learning rate drops (segmenter 7).</summary>
    public int Patience { get; init; } = 7;

    /// <summary>The factor the learning rate is multiplied by (segmenter 0.8).</summary>
    public double Factor { get; init; } = 0.8;

    /// <summary>The learning rate never drops below this (0, PyTorch's default).</summary>
    public double MinLr { get; init; }
}
