using System.Diagnostics;
using TorchSharp;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Preprocessing;
using static TorchSharp.torch;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>
/// Predicts labels for new, unlabelled volumes with a trained locator and segmenter (any single-channel
/// <c>nn.Module&lt;Tensor, Tensor&gt;</c> returning logits, a VNet in practice):
/// canonical padding -> locator (downscale, sigmoid, <see cref="CropPlanner.PlanCase"/> with the run's plan) ->
/// crop -> z-score -> [downscale] -> segmenter (single pass, or sliding windows; optional flip TTA) -> sigmoid ->
/// [upsample] -> threshold -> paste into the canvas -> remove the padding -> [largest component] -> a
/// <see cref="Volume{T}"/> of bytes with exactly the input's shape, geometry and metadata.
/// <para>
/// Without a locator the segmenter sees the whole (padded) volume, padded after its end to a multiple of 16.
/// Every case runs inside its own dispose scope and in inference mode, so native memory stays flat across cases.
/// The modules are moved to <see cref="PredictorOptions.Device"/> and put in eval mode; the predictor does not own them.
/// </para>
/// </summary>
public sealed class Predictor
{
    private readonly nn.Module<Tensor, Tensor>? _locator;
    private readonly nn.Module<Tensor, Tensor> _segmenter;
    private readonly Device _device;
    private readonly SegmenterInput _input;
    private readonly LocatorInput? _locatorInput;

    /// <summary>Checks the options against each other and moves the models to the device.</summary>
    /// <param name="locator">The locator, or null to segment the whole volume.</param>
    /// <param name="segmenter">The segmenter.</param>
    /// <param name="options">Settings (defaults: <see cref="PredictorOptions"/>).</param>
    /// <exception cref="PredictionException">Inconsistent settings (names them and the fix).</exception>
    public Predictor(nn.Module<Tensor, Tensor>? locator, nn.Module<Tensor, Tensor> segmenter, PredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        Options = Validate(options ?? new PredictorOptions(), locator is not null);
        Runtime.TorchRuntime.EnsureAvailable();
        _device = Options.Device ?? CPU;
        _locator = Options.SlidingWindow is null ? locator : null;
        _segmenter = segmenter;
        _input = new SegmenterInput(Options.Canvas, Options.InputScale, Options.Oversize);
        _locatorInput = Options.Canvas is { } c ? new LocatorInput(c, Options.LocatorScale, Options.Oversize, Options.LocatorDownscale) : null;
        _locator?.to(_device);
        _segmenter.to(_device);
    }

    /// <summary>The validated settings.</summary>
    public PredictorOptions Options { get; }

    /// <summary>Predicts one volume (any voxel type).</summary>
    /// <exception cref="PreprocessingException">The volume does not fit the canvas (with <see cref="OversizePolicy.Error"/>).</exception>
    public PredictionResult Predict(IVolume image, string caseId = "case")
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        _locator?.eval();
        _segmenter.eval();
        var o = Options;
        var timings = new List<StepTiming>();
        var warnings = new List<string>();
        var flags = PredictionFlags.None;

        // 1. Canonical padding.
        var (canvas, padding) = Time(timings, "pad", () => _input.Pad(image.ConvertTo<float>(), caseId));
        if (padding is { Cropped: true })
        {
            flags |= PredictionFlags.PaddingCropped;
            warnings.Add($"Case '{caseId}': the {image.Shape} volume is larger than the {padding.TargetShape} canvas and was centre-cropped; voxels outside it are predicted as background.");
        }

        // 2. Where to segment.
        var mode = o.SlidingWindow is not null ? PredictionMode.SlidingWindow : _locator is null ? PredictionMode.WholeVolume : PredictionMode.LocatorCrop;
        var window = Box3.Whole(canvas.Shape);
        CaseCropPlan? plan = null;
        if (_locator is not null)
        {
            plan = Time(timings, "locate", () =>
            {
                var small = _locatorInput!.FromCanvas(canvas);
                var p = ModelInference.Probabilities(_locator, small, _device);
                return CropPlanner.PlanCase(o.CropPlan!, new LocatorOutput(caseId, p, small.Shape), o.PredictionBuffer);
            });
            window = plan.Window;
            if (plan.UsedFallback) flags |= PredictionFlags.LocatorFallback;
            if (plan.ShiftedAtBorder) flags |= PredictionFlags.WindowShifted;
            if (plan.BoxCutByWindow) flags |= PredictionFlags.BoxCutByWindow;
            if (plan.BufferShort) flags |= PredictionFlags.BufferShort;
            if (plan.Warning is not null) warnings.Add(plan.Warning);
        }

        // 3. Crop and normalise.
        var region = Time(timings, "crop", () => SegmenterInput.Normalise(SegmenterInput.Crop(canvas, window), o.Normalisation));

        // 4. Segment: probabilities on the region's native grid.
        var probabilities = Time(timings, "segment", () => Segment(region));

        // 5. Threshold.
        var mask = Time(timings, "threshold", () => ProbabilityThreshold.Apply(probabilities, o.Threshold, o.ForegroundValue));

        // 6. Back to the input's grid: paste into the canvas, remove the padding.
        var label = Time(timings, "paste", () => SegmenterInput.ToInputGrid(new Volume<byte>(region.Shape, mask, region.Geometry), window, canvas.Shape, padding));
        var probabilityMap = o.KeepProbabilities
            ? SegmenterInput.ToInputGrid(new Volume<float>(region.Shape, probabilities, region.Geometry), window, canvas.Shape, padding)
            : null;

        // 7. Largest connected component, on the output itself (so what is written is one component).
        int? components = null;
        if (o.LargestComponent is { } connectivity)
        {
            var (kept, count) = Time(timings, "largest-component", () => ConnectedComponents.KeepLargest(label, image.Shape, connectivity));
            label = kept;
            components = count;
            if (count > 1) flags |= PredictionFlags.ComponentsRemoved;
        }
        if (!label.AsSpan().ContainsAnyExcept((byte)0))
        {
            flags |= PredictionFlags.EmptyPrediction;
            warnings.Add($"Case '{caseId}': no voxel reached probability {o.Threshold}; the label is empty.");
        }

        // The input's geometry and metadata, taken as they are (not recomputed through crop and pad shifts).
        var result = new Volume<byte>(image.Shape, label, image.Geometry, image.Metadata);
        var probabilityVolume = probabilityMap is null ? null : new Volume<float>(image.Shape, probabilityMap, image.Geometry, image.Metadata);
        return new PredictionResult(caseId, result, probabilityVolume, mode, window, plan, flags, components, timings, warnings);
    }

    /// <summary>
    /// Reads <paramref name="inputPath"/>, predicts it, and writes the label to <paramref name="outputPath"/> atomically
    /// (format by extension). The case id defaults to <see cref="PredictionInputs.CaseIdOf"/>.
    /// </summary>
    /// <exception cref="PredictionException">The output path is the input path.</exception>
    public PredictionResult PredictFile(string inputPath, string outputPath, string? caseId = null)
    {
        var full = Path.GetFullPath(outputPath);
        if (string.Equals(Path.GetFullPath(inputPath), full, StringComparison.Ordinal))
            throw new PredictionException($"{inputPath}: the prediction would overwrite its own input; choose another output folder.");
        var image = VolumeFile.Read(inputPath);
        var result = Predict(image, caseId ?? PredictionInputs.CaseIdOf(inputPath));
        VolumeFile.Write(full, result.Label);
        return result;
    }

    /// <summary>
    /// Predicts every image of <paramref name="inputFolder"/> (see <see cref="PredictionInputs.Find"/>) and writes
    /// &lt;outputFolder&gt;/&lt;case&gt;.nrrd (.nii.gz for NIfTI inputs) atomically, one file per case.
    /// <paramref name="progress"/> hears each finished case.
    /// </summary>
    public IReadOnlyList<PredictionCaseSummary> PredictFolder(string inputFolder, string outputFolder, IProgress<PredictionCaseSummary>? progress = null)
    {
        var inputs = PredictionInputs.Find(inputFolder);
        Directory.CreateDirectory(outputFolder);
        var summaries = new List<PredictionCaseSummary>(inputs.Count);
        foreach (var input in inputs)
        {
            var watch = Stopwatch.StartNew();
            var output = PredictionInputs.OutputPath(outputFolder, input);
            var r = PredictFile(input.Path, output, input.CaseId);
            var summary = new PredictionCaseSummary(input.CaseId, input.Path, Path.GetFullPath(output), watch.Elapsed.TotalMilliseconds,
                r.Mode, r.Window, r.Flags, r.ForegroundVoxels, r.Warnings);
            summaries.Add(summary);
            progress?.Report(summary);
        }
        return summaries;
    }

    /// <summary>Sigmoid probabilities of the segmenter on a normalised region, on the region's grid.</summary>
    private float[] Segment(Volume<float> region)
    {
        var o = Options;
        // Padding added here must look like the canvas's zero padding after normalisation.
        var padValue = SegmenterInput.PaddingValue(o.Normalisation);
        var input = _input.AtInputScale(region);
        var p = o.SlidingWindow is { } sw
            ? SlidingWindowInference.Probabilities(_segmenter, input, sw, _device, o.TestTimeFlips, padValue)
            : ModelInference.Probabilities(_segmenter, input, _device, o.TestTimeFlips, padValue);
        return _input.ToRegionGrid(p, input, region);
    }

    private T Time<T>(List<StepTiming> timings, string step, Func<T> work)
    {
        var watch = Stopwatch.StartNew();
        var result = work();
        if (_device.type == DeviceType.CUDA) cuda.synchronize(_device);
        timings.Add(new StepTiming(step, watch.Elapsed.TotalMilliseconds));
        return result;
    }

    private static PredictorOptions Validate(PredictorOptions o, bool hasLocator)
    {
        ProbabilityThreshold.Validated(o.Threshold);
        if (o.ForegroundValue == 0)
            throw new PredictionException("Predictor: foreground value 0 would make the label empty; use 1 (default) or 255 (as LASC's laendo.nrrd).");
        if (!(o.InputScale > 0 && o.InputScale <= 1))
            throw new PredictionException($"Predictor: input scale {o.InputScale} must be in (0, 1]: 1 for native resolution, e.g. 0.5 for a segmenter trained at half resolution.");
        o.Normalisation.Validated();
        o.SlidingWindow?.Validated();
        o.Canvas?.Validated("Predictor canvas");
        if (hasLocator && o.SlidingWindow is null)
        {
            if (o.Canvas is not { } canvas)
                throw new PredictionException("Predictor: a locator needs a canvas (its crop plan is in canvas voxels); set Canvas (96x640x640 for LASC) or pass no locator.");
            if (o.CropPlan is not { } plan)
                throw new PredictionException("Predictor: a locator needs the run's crop plan (crop-plan.json: its patch size and fallback centre); load it with CropPlan.Load.");
            if (plan.Options.Canvas != canvas)
                throw new PredictionException($"Predictor: the crop plan was made for a {plan.Options.Canvas} canvas but the predictor pads to {canvas}; use the plan's canvas.");
            if (plan.Options.Scale != o.LocatorScale)
                throw new PredictionException($"Predictor: the crop plan's locator scale is {plan.Options.Scale} but the predictor's is {o.LocatorScale}; use the plan's scale.");
        }
        return o;
    }
}
