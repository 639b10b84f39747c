using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using VNetAtria.Training.Loading;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// The segmenter stage: crops of the full-resolution cases by the run's crop plan (or, without a locator, whole
/// volumes centre-padded to the canvas or to a common shape rounded up to <c>crop.multiple</c>; with
/// <c>segmenter.patches</c> and no canvas, each at its own shape), z-score statistics of the training crops
/// (normalisation.json), optional downscale by <c>segmenterInputScale</c>, random patches when configured (validation
/// then on whole cases one at a time), the configured augmentation and level sets when the loss needs them, the
/// config's segmenter options.
/// </summary>
public static class SegmenterStage
{
    /// <summary>Trains the segmenter in runs/&lt;name&gt;/segmenter.</summary>
    public static TrainingResult Train(StageContext ctx)
    {
        var cfg = ctx.Config;
        var pre = cfg.Preprocessing;
        var patches = cfg.Segmenter.Patches?.ToPatchSampling();
        var input = Input(cfg, ctx.Data);
        Func<ExperimentCase, Box3?> window = _ => null;
        if (cfg.Locator.Enabled)
        {
            var plan = CropStage.Load(ctx.Run);
            window = c => plan.Case(c.CaseId).Window;
            ctx.Log($"segmenter: crops of {plan.PatchSize} from {ctx.Run.CropPlan}");
        }
        else if (input.Canvas is { } shape)
            ctx.Log($"segmenter: no locator; whole volumes padded to {shape}");
        else
            ctx.Log("segmenter: no locator; whole volumes at their own shapes");
        (Volume<float> Image, Volume<byte> Label) Region(ExperimentCase c) =>
            (input.Region(ctx.Data.ReadImage(c), window(c), c.CaseId), input.Region(ctx.Data.ReadLabel(c), window(c), c.CaseId));

        var train = ctx.Data.Train.Select(c => (c.CaseId, Volumes: Region(c))).ToList();
        var validation = ctx.Data.Validation.Select(c => (c.CaseId, Volumes: Region(c))).ToList();
        var statistics = SegmenterInput.Statistics(pre.Normalisation, train.Select(t => t.Volumes.Image).ToList());
        PreprocessingJson.Write(ctx.Run.Normalisation, statistics);
        ctx.Log($"segmenter: normalisation {statistics.Mode}, mean {statistics.Mean:G6}, std {statistics.StandardDeviation:G6}");

        // The loader normalises its tensors; here the regions only change scale (see SegmenterInput).
        LoaderCase Case((string Id, (Volume<float> Image, Volume<byte> Label) V) t) =>
            new(t.Id, input.AtInputScale(t.V.Image), input.LabelAtInputScale(t.V.Label));
        var trainCases = train.Select(t => Case((t.CaseId, t.Volumes))).ToList();
        var validationCases = validation.Select(t => Case((t.CaseId, t.Volumes))).ToList();
        if (patches is not null)
        {
            // Training cases at least one patch in size; validation cases whole, each padded to the VNet's multiple of 16.
            trainCases = trainCases.Select(c => PaddedAfterEnd(c, new Shape3(Math.Max(c.Shape.Depth, patches.Size.Depth), Math.Max(c.Shape.Height, patches.Size.Height), Math.Max(c.Shape.Width, patches.Size.Width)))).ToList();
            validationCases = validationCases.Select(c => PaddedAfterEnd(c, VNetInputSize.RoundUp(c.Shape))).ToList();
            ctx.Log($"segmenter: random {patches.Size} patches ({patches.ForegroundFraction:0.##} centred on foreground), validation on whole cases one at a time");
        }
        var options = new BatchLoaderOptions
        {
            BatchSize = Math.Min(cfg.Segmenter.BatchSize, trainCases.Count),
            Patches = patches,
            Seed = cfg.Seed,
            Augmentation = StageTraining.Augmentation(cfg.Augmentation),
            NormalisationMean = statistics.Mean,
            NormalisationStd = statistics.StandardDeviation,
            LevelSets = StageTraining.NeedsLevelSets(cfg.Segmenter),
            LevelSetSpacing = trainCases[0].Label.Geometry.Spacing,
        };
        var validationOptions = options with { Augmentation = Augmentation.NoAugmentation.Instance, Patches = null, BatchSize = patches is null ? options.BatchSize : 1 };
        var model = VNet.Create(cfg.Segmenter.Model, cfg.Seed);
        return StageTraining.Train(ctx, ExperimentStage.Segmenter, model, new BatchLoader(trainCases, options), new ValidationBatchSource(validationCases, validationOptions));
    }

    /// <summary>
    /// The case padded after its end to <paramref name="shape"/> with zeros (as the predictor pads a volume without a
    /// canvas: the image's 0 is normalised like the rest), or itself when it already has that shape.
    /// </summary>
    private static LoaderCase PaddedAfterEnd(LoaderCase c, Shape3 shape)
    {
        if (c.Shape == shape) return c;
        var after = new Index3(shape.Depth - c.Shape.Depth, shape.Height - c.Shape.Height, shape.Width - c.Shape.Width);
        return new LoaderCase(c.CaseId, VolumeOps.Pad(c.Image.As<float>(), Index3.Zero, after), VolumeOps.Pad(c.Label, Index3.Zero, after));
    }

    /// <summary>
    /// The segmenter's input of this config: crops of the canvas with a locator; without one, whole volumes padded to
    /// the canvas or to the cases' common shape rounded up to <c>crop.multiple</c>, or (patches and no canvas) each at
    /// its own shape.
    /// </summary>
    public static SegmenterInput Input(ExperimentConfig config, ExperimentData data)
    {
        var pre = config.Preprocessing;
        Shape3? canvas = config.Locator.Enabled ? LocatorStage.Canvas(config)
            : config.Segmenter.Patches is not null && pre.CanvasShape is null ? null
            : pre.CanvasShape ?? CommonShape(data, pre.Crop.Multiple);
        return new SegmenterInput(canvas, pre.SegmenterInputScale, pre.Oversize);
    }

    /// <summary>The per-axis largest shape of all cases, rounded up to <paramref name="multiple"/>.</summary>
    public static Shape3 CommonShape(ExperimentData data, int multiple)
    {
        int d = 0, h = 0, w = 0;
        foreach (var c in data.Cases)
        {
            var s = VolumeGrid.Read(c.Record.ImagePath, c.Record.ImageDataset).Shape;
            d = Math.Max(d, s.Depth); h = Math.Max(h, s.Height); w = Math.Max(w, s.Width);
        }
        static int Up(int v, int m) => (v + m - 1) / m * m;
        return new Shape3(Up(d, multiple), Up(h, multiple), Up(w, multiple));
    }

    /// <summary>Loads this run's normalisation statistics, naming the command that makes them when missing.</summary>
    public static NormalisationStatistics LoadNormalisation(RunFolder run)
    {
        RunFolder.Require(run.Normalisation, $"vnet-atria train --config {run.Config} --stage segmenter");
        return PreprocessingJson.Read<NormalisationStatistics>(run.Normalisation);
    }
}
