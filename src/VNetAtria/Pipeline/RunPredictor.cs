using TorchSharp;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Pipeline.Stages;
using VNetAtria.Results;

namespace VNetAtria.Pipeline;

/// <summary>
/// A <see cref="Predictor"/> built from a run folder's artefacts: config.json, the locator's and the segmenter's
/// checkpoint-best, crop-plan.json and normalisation.json. Missing files are named with the command that makes them.
/// </summary>
public sealed class RunPredictor : IDisposable
{
    private readonly Models.VNet? _locator;
    private readonly Models.VNet _segmenter;

    private RunPredictor(ExperimentConfig config, Models.VNet? locator, Models.VNet segmenter, PredictorOptions options)
    {
        Config = config;
        _locator = locator;
        _segmenter = segmenter;
        Predictor = new Predictor(locator, segmenter, options);
    }

    /// <summary>The run's configuration.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>The predictor.</summary>
    public Predictor Predictor { get; }

    /// <summary>Loads the run in <paramref name="runFolder"/> (its config.json unless <paramref name="config"/> is given).</summary>
    public static RunPredictor Load(string runFolder, torch.Device device, ExperimentConfig? config = null)
    {
        var run = new RunFolder(Path.GetFullPath(runFolder));
        if (config is null)
        {
            RunFolder.Require(run.Config, "vnet-atria train --config <config> --out " + run.Root);
            config = ExperimentConfigLoader.Load(run.Config);
        }
        if (!config.Segmenter.Enabled)
            throw new RunFolderException($"{run.Root}: the run has no segmenter (segmenter.enabled is false); prediction needs one.");
        var segmenterCheckpoint = run.BestCheckpoint(ExperimentStage.Segmenter);
        RunFolder.Require(segmenterCheckpoint, $"vnet-atria train --config {run.Config} --stage segmenter");
        var normalisation = SegmenterStage.LoadNormalisation(run);
        var pre = config.Preprocessing;
        var plan = config.Locator.Enabled ? CropStage.Load(run) : null;
        var locator = config.Locator.Enabled ? LocatorStage.Load(config, run, device) : null;
        var segmenter = StageModels.Load(config.Segmenter.Model, segmenterCheckpoint, device);
        var p = config.Prediction;
        var flips = p.TtaFlips.Aggregate(FlipAxes.None, (acc, axis) => acc | (FlipAxes)(1 << axis));
        var options = new PredictorOptions
        {
            Canvas = pre.CanvasShape,
            Oversize = pre.Oversize,
            LocatorScale = pre.LocatorScaleValue,
            LocatorDownscale = pre.LocatorInterpolation,
            CropPlan = plan,
            PredictionBuffer = new Index3(pre.Crop.PredictionBuffer[0], pre.Crop.PredictionBuffer[1], pre.Crop.PredictionBuffer[2]),
            Normalisation = normalisation,
            InputScale = pre.SegmenterInputScale,
            Threshold = p.Threshold,
            LargestComponent = LargestComponent(p.LargestComponent, run) ? Connectivity.Faces : null,
            TestTimeFlips = flips,
            SlidingWindow = p.SlidingWindow.Enabled
                ? new SlidingWindowOptions { PatchSize = new Shape3(p.SlidingWindow.Patch[0], p.SlidingWindow.Patch[1], p.SlidingWindow.Patch[2]), Overlap = p.SlidingWindow.Overlap }
                : null,
            Device = device,
        };
        return new RunPredictor(config, locator, segmenter, options);
    }

    /// <summary>
    /// The config's <c>prediction.largestComponent</c> when set; otherwise the run's validation decision
    /// (postprocessing.json), and off when the run was not evaluated.
    /// </summary>
    internal static bool LargestComponent(bool? configured, RunFolder run) =>
        configured ?? PostProcessingChoice.TryRead(run.PostProcessing)?.Chosen ?? false;

    /// <inheritdoc />
    public void Dispose()
    {
        _locator?.Dispose();
        _segmenter.Dispose();
    }
}
