using VNetAtria.Augmentation;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using VNetAtria.Training.Loading;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// The locator stage as the original: every volume centre-padded to the canvas and downscaled by the locator scale
/// (image antialiased nearest, label nearest), no z-score (the original fed the locator raw intensities), no
/// augmentation, Dice loss, the config's locator options.
/// </summary>
public static class LocatorStage
{
    /// <summary>The canvas of a run with a locator (the config's <c>preprocessing.canvas</c>).</summary>
    public static Shape3 Canvas(ExperimentConfig config) =>
        config.Preprocessing.CanvasShape ?? throw new RunFolderException("The locator needs preprocessing.canvas (e.g. \"96x640x640\"); with canvas \"none\" set locator.enabled=false.");

    /// <summary>The locator's input of this config: canvas, scale, oversize rule, interpolations.</summary>
    public static LocatorInput Input(ExperimentConfig config) => new(Canvas(config), config.Preprocessing.LocatorScaleValue,
        config.Preprocessing.Oversize, config.Preprocessing.LocatorInterpolation, config.Preprocessing.LocatorLabelCoordinates);

    /// <summary>Trains the locator in runs/&lt;name&gt;/locator.</summary>
    public static TrainingResult Train(StageContext ctx)
    {
        var cfg = ctx.Config;
        var input = Input(cfg);
        LoaderCase Case(ExperimentCase c) => new(c.CaseId, input.Image(ctx.Data.ReadImage(c), c.CaseId), input.Label(ctx.Data.ReadLabel(c), c.CaseId));
        ctx.Log("locator: preparing downscaled padded volumes");
        var train = ctx.Data.Train.Select(Case).ToList();
        var validation = ctx.Data.Validation.Select(Case).ToList();
        var options = new BatchLoaderOptions
        {
            BatchSize = Math.Min(cfg.Locator.BatchSize, train.Count),
            Seed = cfg.Seed,
            Augmentation = NoAugmentation.Instance,
            LevelSets = StageTraining.NeedsLevelSets(cfg.Locator),
            Workers = 1,
        };
        var model = VNet.Create(cfg.Locator.Model, cfg.Seed);
        return StageTraining.Train(ctx, ExperimentStage.Locator, model, new BatchLoader(train, options), new ValidationBatchSource(validation, options));
    }

    /// <summary>
    /// The checkpoint of the trained locator: <c>locator.pretrained</c> (a run folder, its locator/ folder or a .ckpt file)
    /// or this run's locator/checkpoint-best.ckpt.
    /// </summary>
    public static string Checkpoint(ExperimentConfig config, RunFolder run)
    {
        if (config.Locator.Pretrained is { } pretrained)
        {
            var full = Path.GetFullPath(pretrained);
            var candidates = new[] { full, new RunFolder(full).BestCheckpoint(ExperimentStage.Locator), Path.Combine(full, TrainerFolder.BestCheckpointName) };
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new RunFolderException($"locator.pretrained '{pretrained}': no locator checkpoint at {candidates[1]}; train that run's locator first (`vnet-atria train --config <its config> --stage locator`).");
        }
        var path = run.BestCheckpoint(ExperimentStage.Locator);
        RunFolder.Require(path, $"vnet-atria train --config {run.Config} --stage locator");
        return path;
    }

    /// <summary>Loads the trained locator (evaluation mode).</summary>
    public static VNet Load(ExperimentConfig config, RunFolder run, TorchSharp.torch.Device device) =>
        StageModels.Load(config.Locator.Model, Checkpoint(config, run), device);
}
