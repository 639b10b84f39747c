using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using VNetAtria.Training.Loading;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// The segmenter stage: crops of the full-resolution cases by the run's crop plan (or, without a locator, whole
/// volumes centre-padded to the canvas or to a common shape rounded up to <c>crop.multiple</c>), z-score statistics
/// of the training crops (normalisation.json), optional downscale by <c>segmenterInputScale</c>, the configured
/// augmentation and level sets when the loss needs them, the config's segmenter options.
/// </summary>
public static class SegmenterStage
{
    /// <summary>Trains the segmenter in runs/&lt;name&gt;/segmenter.</summary>
    public static TrainingResult Train(StageContext ctx)
    {
        var cfg = ctx.Config;
        var pre = cfg.Preprocessing;
        Func<ExperimentCase, (Volume<float> Image, Volume<byte> Label)> region;
        if (cfg.Locator.Enabled)
        {
            var plan = CropStage.Load(ctx.Run);
            var canvas = LocatorStage.Canvas(cfg);
            region = c =>
            {
                var window = plan.Case(c.CaseId).Window;
                var image = CanonicalPadding.Apply(ctx.Data.ReadImage(c), canvas, pre.Oversize).Padded;
                var label = CanonicalPadding.Apply(ctx.Data.ReadLabel(c), canvas, pre.Oversize).Padded;
                return (CropWindows.Crop(image, window), CropWindows.Crop(label, window));
            };
            ctx.Log($"segmenter: crops of {plan.PatchSize} from {ctx.Run.CropPlan}");
        }
        else
        {
            var shape = pre.CanvasShape ?? CommonShape(ctx.Data, pre.Crop.Multiple);
            region = c => (CanonicalPadding.Apply(ctx.Data.ReadImage(c), shape, pre.Oversize).Padded,
                           CanonicalPadding.Apply(ctx.Data.ReadLabel(c), shape, pre.Oversize).Padded);
            ctx.Log($"segmenter: no locator; whole volumes padded to {shape}");
        }

        var train = ctx.Data.Train.Select(c => (c.CaseId, Volumes: region(c))).ToList();
        var validation = ctx.Data.Validation.Select(c => (c.CaseId, Volumes: region(c))).ToList();
        var statistics = pre.Normalisation == NormalisationMode.ZScore
            ? IntensityNormalisation.ComputeStatistics(train.Select(t => t.Volumes.Image).ToList())
            : NormalisationStatistics.Identity;
        PreprocessingJson.Write(ctx.Run.Normalisation, statistics);
        ctx.Log($"segmenter: normalisation {statistics.Mode}, mean {statistics.Mean:G6}, std {statistics.StandardDeviation:G6}");

        var scale = pre.SegmenterInputScale;
        LoaderCase Case((string Id, (Volume<float> Image, Volume<byte> Label) V) t) => scale == 1
            ? new LoaderCase(t.Id, t.V.Image, t.V.Label)
            : new LoaderCase(t.Id,
                LocatorResampling.DownscaleImage(t.V.Image, new LocatorScale(scale, scale, scale), ImageDownscaleInterpolation.Linear),
                LocatorResampling.DownscaleLabel(t.V.Label, new LocatorScale(scale, scale, scale)));
        var trainCases = train.Select(t => Case((t.CaseId, t.Volumes))).ToList();
        var validationCases = validation.Select(t => Case((t.CaseId, t.Volumes))).ToList();
        var options = new BatchLoaderOptions
        {
            BatchSize = Math.Min(cfg.Segmenter.BatchSize, trainCases.Count),
            Seed = cfg.Seed,
            Augmentation = StageTraining.Augmentation(cfg.Augmentation),
            NormalizationMean = statistics.Mean,
            NormalizationStd = statistics.StandardDeviation,
            LevelSets = StageTraining.NeedsLevelSets(cfg.Segmenter),
            LevelSetSpacing = trainCases[0].Label.Geometry.Spacing,
        };
        var validationOptions = options with { Augmentation = Augmentation.NoAugmentation.Instance };
        var model = VNet.Create(cfg.Segmenter.Model, cfg.Seed);
        return StageTraining.Train(ctx, ExperimentStage.Segmenter, model, new BatchLoader(trainCases, options), new ValidationBatchSource(validationCases, validationOptions));
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
