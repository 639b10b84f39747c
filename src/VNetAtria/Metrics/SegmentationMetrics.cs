using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Metrics;

/// <summary>
/// Per-case segmentation metrics: overlap (Dice, IoU, precision, recall, specificity) and surface distances in mm
/// (Hausdorff, HD95, ASSD, ASD) on an exact Euclidean distance transform. The pure function MONAI-style metric
/// classes would wrap.
/// </summary>
public static class SegmentationMetrics
{
    /// <summary>Metrics of two binary masks of shape <paramref name="shape"/> with voxel <paramref name="spacing"/> (mm).</summary>
    public static CaseMetrics Compute(string caseId, ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> reference, Shape3 shape, Spacing3 spacing,
        SegmentationMetricOptions? options = null)
    {
        options ??= SegmentationMetricOptions.Default;
        if (prediction.Length != shape.VoxelCount || reference.Length != shape.VoxelCount)
            throw new ArgumentException($"Case {caseId}: masks of {prediction.Length} and {reference.Length} voxels for shape {shape}.");
        var counts = OverlapCounts.Of(prediction, reference);
        var emptyPrediction = counts.PredictedForeground == 0;
        var emptyReference = counts.ReferenceForeground == 0;
        var diagonal = Math.Sqrt(Square(shape.Depth * spacing.D) + Square(shape.Height * spacing.H) + Square(shape.Width * spacing.W));
        var specificity = counts.TrueNegatives + counts.FalsePositives == 0 ? 1.0 : (double)counts.TrueNegatives / (counts.TrueNegatives + counts.FalsePositives);

        if (emptyPrediction && emptyReference)
            return new CaseMetrics(caseId, counts, 1, 1, 1, 1, specificity, 0, 0, 0, 0, true, true, diagonal);
        if (emptyPrediction || emptyReference)
            return new CaseMetrics(caseId, counts, 0, 0, 0, 0, specificity, diagonal, diagonal, diagonal, diagonal, emptyPrediction, emptyReference, diagonal);

        var tp = (double)counts.TruePositives;
        var distances = SurfaceDistances.Compute(prediction, reference, shape, spacing, options.Connectivity);
        return new CaseMetrics(
            caseId, counts,
            Dice: 2 * tp / (2 * tp + counts.FalsePositives + counts.FalseNegatives),
            Jaccard: tp / (tp + counts.FalsePositives + counts.FalseNegatives),
            Precision: tp / counts.PredictedForeground,
            Recall: tp / counts.ReferenceForeground,
            Specificity: specificity,
            Hausdorff: distances.Hausdorff,
            Hausdorff95: options.Hd95 == Hd95Convention.Pooled ? distances.Hausdorff95Pooled : distances.Hausdorff95PerDirection,
            Assd: options.Assd == AssdConvention.MeanOfDirectedMeans ? distances.AverageSymmetricSurfaceDistance : distances.AverageSymmetricSurfaceDistancePooled,
            AverageSurfaceDistance: distances.AverageSurfaceDistance,
            EmptyPrediction: false, EmptyReference: false, WorstCaseDistance: diagonal);
    }

    /// <summary>
    /// Metrics of two label volumes: foreground is value &gt; <paramref name="threshold"/> (0 by default, so labels 0/1 and
    /// 0/255 both work; 0.5 for probability maps). Spacing comes from the reference's geometry.
    /// </summary>
    public static CaseMetrics Compute<TP, TR>(string caseId, Volume<TP> prediction, Volume<TR> reference, double threshold = 0, SegmentationMetricOptions? options = null)
        where TP : unmanaged, INumber<TP> where TR : unmanaged, INumber<TR>
    {
        if (prediction.Shape != reference.Shape)
            throw new ArgumentException($"Case {caseId}: prediction shape {prediction.Shape} differs from reference shape {reference.Shape}.");
        return Compute(caseId, Binarise(prediction, threshold), Binarise(reference, threshold), reference.Shape, reference.Geometry.Spacing, options);
    }

    /// <summary>Foreground mask: value &gt; threshold.</summary>
    public static bool[] Binarise<T>(Volume<T> volume, double threshold = 0) where T : unmanaged, INumber<T>
    {
        var data = volume.Data;
        var mask = new bool[data.Length];
        for (var i = 0; i < data.Length; i++) mask[i] = double.CreateTruncating(data[i]) > threshold;
        return mask;
    }

    private static double Square(double x) => x * x;
}
