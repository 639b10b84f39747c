using System.Numerics;
using System.Runtime.InteropServices;
using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Preprocessing;

namespace VNetAtria.Pipeline;

/// <summary>
/// Evaluates predicted labels against references, case by case: in memory (<see cref="Evaluate(string, IVolume, IVolume, Spacing3, EvaluationOptions?, string?)"/>,
/// what the evaluation stage uses) or from files (<see cref="EvaluateCase"/>, what <c>vnet-atria evaluate</c> uses),
/// both with the same binarisation: prediction value &gt; threshold, reference by training's label rule.
/// </summary>
public static class Evaluator
{
    /// <summary>What a rejected reference's error tells the reader to do.</summary>
    private const string ReferenceRemedy =
        "Check that the reference is a label map; to count every value above 0 as foreground, evaluate with " +
        "--reference-labels foreground-above-zero (vnet-atria evaluate), preprocessing.labelMapping \"foreground-above-zero\" (a run's config) " +
        "or EvaluationOptions.ReferenceLabels = ForegroundAboveZero.";

    /// <summary>Metrics of every pair of files, in order; <paramref name="progress"/> hears each finished case id.</summary>
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

    /// <summary>Reads one pair of files and evaluates it; the geometry of prediction and reference must agree (unless a spacing is given).</summary>
    public static CaseMetrics EvaluateCase(EvaluationPair pair, EvaluationOptions options)
    {
        var prediction = VolumeGrid.ReadVolume(pair.PredictionPath, pair.PredictionPath.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) ? "label" : null);
        var reference = VolumeGrid.ReadVolume(pair.ReferencePath, pair.ReferenceDataset);
        var spacing = SharedSpacing(pair.CaseId, prediction, pair.PredictionPath, reference, pair.ReferencePath, options.Spacing);
        return Evaluate(pair.CaseId, prediction, reference, spacing, options, pair.ReferencePath);
    }

    /// <summary>
    /// Metrics of one case held in memory. The prediction's foreground is value &gt; <see cref="EvaluationOptions.Threshold"/>;
    /// the reference is binarised as training binarises labels (<see cref="LabelBinarisation"/> with
    /// <see cref="EvaluationOptions.ReferenceLabels"/>, after the same float conversion). Distances use <paramref name="spacing"/> (mm).
    /// </summary>
    /// <param name="caseId">The case, named in the result and in errors.</param>
    /// <param name="prediction">The predicted label (any element type).</param>
    /// <param name="reference">The reference label, same shape.</param>
    /// <param name="spacing">Voxel spacing (D, H, W) in mm; <see cref="SharedSpacing"/> gives it for two volumes.</param>
    /// <param name="options">Threshold, reference label rule and metric conventions (null: the defaults).</param>
    /// <param name="referenceSource">The reference's file, named in errors (null: "case &lt;id&gt; reference").</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    /// <exception cref="PreprocessingException">The strict rule and reference values other than 0, 1 and 255 (listed with their counts).</exception>
    public static CaseMetrics Evaluate(string caseId, IVolume prediction, IVolume reference, Spacing3 spacing, EvaluationOptions? options = null, string? referenceSource = null)
    {
        options ??= new EvaluationOptions();
        if (prediction.Shape != reference.Shape)
            throw new ArgumentException($"Case {caseId}: the prediction has shape {prediction.Shape}, the reference {reference.Shape}; they must be on the same grid.");
        var p = prediction.Accept(new Binariser(options.Threshold));
        var r = ReferenceMask(reference, options.ReferenceLabels, referenceSource ?? $"case {caseId} reference");
        // Binarise writes only 0 and 1, which are valid bools: the mask is read in place.
        return SegmentationMetrics.Compute(caseId, p, MemoryMarshal.Cast<byte, bool>(r), reference.Shape, spacing, options.Metrics);
    }

    /// <summary>
    /// The spacing to measure a pair in: <paramref name="spacing"/> when given, else the reference's after checking
    /// that shape and geometry agree (the names are the files or descriptions the errors show).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, or the geometries differ and no spacing is given.</exception>
    public static Spacing3 SharedSpacing(string caseId, IVolume prediction, string predictionName, IVolume reference, string referenceName, Spacing3? spacing = null)
    {
        if (prediction.Shape != reference.Shape)
            throw new ArgumentException($"Case {caseId}: prediction {predictionName} has shape {prediction.Shape}, reference {referenceName} has {reference.Shape}; they must be on the same grid.");
        if (spacing is null && !prediction.Geometry.ApproximatelyEquals(reference.Geometry))
            throw new ArgumentException(
                $"Case {caseId}: geometry differs between prediction {predictionName} ({prediction.Geometry}) and reference {referenceName} ({reference.Geometry}). " +
                "Resample the prediction onto the reference grid, or pass --spacing D,H,W to evaluate on voxel indices with that spacing.");
        return spacing ?? reference.Geometry.Spacing;
    }

    /// <summary>
    /// The reference as 0/1 bytes by training's rule: ExperimentData.ReadLabel converts to float, then binarises; bytes
    /// and floats hold the same values without that copy.
    /// </summary>
    private static byte[] ReferenceMask(IVolume reference, LabelValueMapping mapping, string source) => reference switch
    {
        Volume<byte> bytes => LabelBinarisation.Binarise(bytes, mapping, source, ReferenceRemedy).Data,
        Volume<float> floats => LabelBinarisation.Binarise(floats, mapping, source, ReferenceRemedy).Data,
        _ => LabelBinarisation.Binarise(reference.ConvertTo<float>(), mapping, source, ReferenceRemedy).Data,
    };

    private sealed class Binariser(double threshold) : IVolumeFunc<bool[]>
    {
        public bool[] Invoke<T>(Volume<T> volume) where T : unmanaged, INumber<T> => SegmentationMetrics.Binarise(volume, threshold);
    }
}
