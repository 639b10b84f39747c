using System.Text.Json;
using VNetAtria.Augmentation;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>Shared pieces of the two trained stages: trainer options from a stage config, the training loop, the stage summary.</summary>
public static class StageTraining
{
    /// <summary>Trainer options of a stage: loss (Dice, Focal, Dice + cross-entropy, or Hybrid with its alpha schedule), lr, schedule, checkpoints.</summary>
    public static TrainerOptions TrainerOptions(StageConfig stage) => new TrainerOptions
    {
        MaxEpochs = stage.Epochs,
        LearningRate = stage.Optimiser.Lr,
        WeightDecay = stage.Optimiser.WeightDecay,
        Plateau = new ReduceLROnPlateauOptions { Patience = stage.Plateau.Patience, Factor = stage.Plateau.Factor, MinLearningRate = stage.Plateau.MinLr },
        Schedule = stage.Schedule,
        RegionLoss = stage.Loss.Kind switch
        {
            LossKind.Focal => RegionLossKind.Focal,
            LossKind.Hybrid => stage.Loss.Region,
            LossKind.DiceCrossEntropy => RegionLossKind.DiceCrossEntropy,
            _ => RegionLossKind.Dice,
        },
        DiceCrossEntropy = stage.Loss.DiceCrossEntropy,
        // Alpha 1 is the region loss alone; only the Hybrid loss mixes in the Boundary term.
        Alpha = stage.Loss.Kind == LossKind.Hybrid ? stage.Loss.Alpha : AlphaSchedule.Constant(1.0),
        ValidateEveryEpochs = stage.ValidateEvery,
        CheckpointEveryEpochs = stage.CheckpointEvery,
        EarlyStopPatience = stage.EarlyStopPatience,
    }.Validated();

    /// <summary>Whether a stage's loss needs the labels' level sets (the Hybrid loss's Boundary term).</summary>
    public static bool NeedsLevelSets(StageConfig stage) => stage.Loss.Kind == LossKind.Hybrid;

    /// <summary>The configured augmentation policy of the segmenter.</summary>
    public static IAugmentationPolicy Augmentation(AugmentationConfig a)
    {
        var translation = a.Translation.Range is { Length: 3 } r
            ? new RandomTranslation(a.Translation.Probability, null, r[0], r[1], r[2])
            : new RandomTranslation(a.Translation.Probability, a.Translation.Offsets.Select(o => new TranslationParameters(o[0], o[1], o[2])).ToList());
        if (a.Preset == AugmentationPreset.Original480)
            return new OriginalRecipe
            {
                Noise = new RandomGaussianNoise(1, a.Noise.StdRange[0], a.Noise.StdRange[1]),
                Rotation = new RandomRotation(1, -a.Rotation.MaxDegrees, a.Rotation.MaxDegrees, a.Rotation.IntegerDegrees),
                Translation = translation with { Probability = 1 },
            };
        return new RandomAugmentation
        {
            Flip = a.Flip.Probability > 0 ? new RandomFlip(a.Flip.Probability, a.Flip.Axis) : null,
            Rotation = a.Rotation.Probability > 0 ? new RandomRotation(a.Rotation.Probability, -a.Rotation.MaxDegrees, a.Rotation.MaxDegrees, a.Rotation.IntegerDegrees) : null,
            Translation = a.Translation.Probability > 0 ? translation : null,
            Elastic = a.Elastic.Probability > 0 ? new RandomElasticDeformation(a.Elastic.Probability, a.Elastic.ControlSpacing, a.Elastic.MaxDisplacement) : null,
            Noise = a.Noise.Probability > 0 ? new RandomGaussianNoise(a.Noise.Probability, a.Noise.StdRange[0], a.Noise.StdRange[1]) : null,
        };
    }

    /// <summary>
    /// Trains <paramref name="model"/> in the stage's folder (resuming from checkpoint-last when asked and present),
    /// and records the stage's summary in the run's stages.json.
    /// </summary>
    public static TrainingResult Train(StageContext ctx, ExperimentStage stage, VNet model, IBatchSource training, IBatchSource validation)
    {
        var config = ctx.Config.Stage(stage);
        var folder = ctx.Run.StageFolder(stage);
        Directory.CreateDirectory(folder);
        var callbacks = ctx.Callbacks.Log is null ? ctx.Callbacks with { Log = ctx.Log } : ctx.Callbacks;
        var epochCallback = callbacks.Epoch;
        callbacks = callbacks with
        {
            Epoch = record =>
            {
                epochCallback?.Invoke(record);
                ctx.Log($"{Name(stage)}: {EpochMemory.AfterEpoch(record.Epoch)}");
            },
        };
        using var trainer = new Trainer(model, TrainerOptions(config), training, validation, folder, ctx.Device)
        {
            Callbacks = callbacks,
            RunConfigJson = ctx.Config.ToJson(),
        };
        var last = ctx.Run.LastCheckpoint(stage);
        if (ctx.Resume && File.Exists(last))
        {
            trainer.Resume(last);
            ctx.Log($"{Name(stage)}: resumed from {last} after {trainer.CompletedEpochs} epochs");
        }
        ctx.Log($"{Name(stage)}: training {model.TrainableParameterCount():N0} parameters, {config.Epochs} epochs, {training.BatchesPerEpoch} batches per epoch");
        var result = trainer.Train(ctx.Cancellation);
        ctx.Log($"{Name(stage)}: {result.Outcome} after {result.CompletedEpochs} epochs, best validation Dice {result.BestValidationDice:F4} (epoch {result.BestEpoch})");
        RecordSummary(ctx.Run, stage, new StageSummary
        {
            Parameters = model.TrainableParameterCount(),
            TrainingSeconds = result.History.Sum(h => h.Seconds),
            Epochs = result.CompletedEpochs,
            BestEpoch = result.BestEpoch > 0 ? result.BestEpoch : null,
            BestValidationLoss = result.History.Where(h => !double.IsNaN(h.ValidationDiceLoss)).Select(h => (double?)h.ValidationDiceLoss).Min(),
        });
        return result;
    }

    /// <summary>The stage summaries recorded so far in the run (locator, segmenter; either may be null).</summary>
    public static (StageSummary? Locator, StageSummary? Segmenter) ReadSummaries(RunFolder run)
    {
        if (!File.Exists(run.StageSummaries)) return (null, null);
        var map = JsonSerializer.Deserialize<Dictionary<string, StageSummary>>(File.ReadAllText(run.StageSummaries), JsonOptions) ?? [];
        return (map.GetValueOrDefault("locator"), map.GetValueOrDefault("segmenter"));
    }

    /// <summary>A stage's name as written in logs and files.</summary>
    public static string Name(ExperimentStage stage) => stage == ExperimentStage.Locator ? "locator" : "segmenter";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>Records a stage's summary in the run's stages.json (read back for run-summary.json).</summary>
    public static void RecordSummary(RunFolder run, ExperimentStage stage, StageSummary summary)
    {
        var map = File.Exists(run.StageSummaries)
            ? JsonSerializer.Deserialize<Dictionary<string, StageSummary>>(File.ReadAllText(run.StageSummaries), JsonOptions) ?? []
            : [];
        map[Name(stage)] = summary;
        AtomicFile.WriteAllText(run.StageSummaries, JsonSerializer.Serialize(map, JsonOptions));
    }
}
