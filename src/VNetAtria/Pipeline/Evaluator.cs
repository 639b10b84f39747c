using System.Numerics;
using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Metrics;

namespace VNetAtria.Pipeline;

/// <summary>Options of <see cref="Evaluator"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Foreground is value &gt; threshold in both volumes (0: labels 0/1 and 0/255; 0.5 for probability maps).</summary>
    public double Threshold { get; init; }

    /// <summary>
    /// Spacing (D, H, W) in mm to use instead of the files' (for formats that store none, like the UA-MT .h5 files).
    /// When set, the files' spacings are not compared.
    /// </summary>
    public Spacing3? Spacing { get; init; }

    /// <summary>Metric conventions (surface connectivity, HD95, ASSD).</summary>
    public SegmentationMetricOptions Metrics { get; init; } = SegmentationMetricOptions.Default;
}

/// <summary>Evaluates predicted label files against references, case by case.</summary>
public static class Evaluator
{
    /// <summary>Metrics of every pair, in order; <paramref name="progress"/> hears each finished case id.</summary>
    public static IReadOnlyList<CaseMetrics> Evaluate(IReadOnlyList<EvaluationPair> pairs, EvaluationOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new EvaluationOptions();
        var results = new List<CaseMetrics>(pairs.Count);
        foreach (var pair in pairs)
        {
            results.Add(EvaluateCase(pair, options));
            progress?.Report(pair.CaseId);
        }
        return results;
    }

    /// <summary>Metrics of one pair; the geometry of prediction and reference must agree (unless a spacing is given).</summary>
    public static CaseMetrics EvaluateCase(EvaluationPair pair, EvaluationOptions options)
    {
        var prediction = VolumeGrid.ReadVolume(pair.PredictionPath, pair.PredictionPath.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) ? "label" : null);
        var reference = VolumeGrid.ReadVolume(pair.ReferencePath, pair.ReferenceDataset);
        if (prediction.Shape != reference.Shape)
            throw new ArgumentException($"Case {pair.CaseId}: prediction {pair.PredictionPath} has shape {prediction.Shape}, reference {pair.ReferencePath} has {reference.Shape}; they must be on the same grid.");
        if (options.Spacing is null && !prediction.Geometry.ApproximatelyEquals(reference.Geometry))
            throw new ArgumentException(
                $"Case {pair.CaseId}: geometry differs between prediction {pair.PredictionPath} ({prediction.Geometry}) and reference {pair.ReferencePath} ({reference.Geometry}). " +
                "Resample the prediction onto the reference grid, or pass --spacing D,H,W to evaluate on voxel indices with that spacing.");
        var spacing = options.Spacing ?? reference.Geometry.Spacing;
        var p = prediction.Accept(new Binarizer(options.Threshold));
        var r = reference.Accept(new Binarizer(options.Threshold));
        return SegmentationMetrics.Compute(pair.CaseId, p, r, reference.Shape, spacing, options.Metrics);
    }

    private sealed class Binarizer(double threshold) : IVolumeFunc<bool[]>
    {
        public bool[] Invoke<T>(Volume<T> volume) where T : unmanaged, INumber<T> => SegmentationMetrics.Binarize(volume, threshold);
    }
}
