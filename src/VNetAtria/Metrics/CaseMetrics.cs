namespace VNetAtria.Metrics;

/// <summary>
/// Every metric of one case. Distances are in mm (the spacing's units).
/// <para>Empty masks give explicit values, never NaN, and set the flags so that summaries can exclude or count them:</para>
/// <list type="bullet">
/// <item>both empty: Dice, IoU, precision, recall and specificity 1; every distance 0 (perfect agreement);</item>
/// <item>one empty, the other not: Dice, IoU, precision and recall 0; every distance is
/// <see cref="WorstCaseDistance"/>, the diagonal of the volume in mm (no surface to measure against).</item>
/// </list>
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="Counts">TP, FP, FN, TN.</param>
/// <param name="Dice">2 TP / (2 TP + FP + FN).</param>
/// <param name="Jaccard">IoU: TP / (TP + FP + FN).</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN) (sensitivity).</param>
/// <param name="Specificity">TN / (TN + FP).</param>
/// <param name="Hausdorff">Maximum of the two directed maxima (mm).</param>
/// <param name="Hausdorff95">95th-percentile Hausdorff distance under <see cref="SegmentationMetricOptions.Hd95"/> (mm).</param>
/// <param name="Assd">Average symmetric surface distance under <see cref="SegmentationMetricOptions.Assd"/> (mm).</param>
/// <param name="AverageSurfaceDistance">Directed mean distance, prediction surface to reference surface (mm).</param>
/// <param name="EmptyPrediction">The prediction has no foreground.</param>
/// <param name="EmptyReference">The reference has no foreground.</param>
/// <param name="WorstCaseDistance">The value distances take when one mask is empty: the volume's diagonal (mm).</param>
public sealed record CaseMetrics(
    string CaseId, OverlapCounts Counts, double Dice, double Jaccard, double Precision, double Recall, double Specificity,
    double Hausdorff, double Hausdorff95, double Assd, double AverageSurfaceDistance,
    bool EmptyPrediction, bool EmptyReference, double WorstCaseDistance)
{
    /// <summary>True when either mask is empty (the case needs the documented conventions above).</summary>
    public bool HasEmptyMask => EmptyPrediction || EmptyReference;

    /// <summary>The metric names, in table order, and how to read each from a case.</summary>
    public static IReadOnlyList<(string Name, Func<CaseMetrics, double> Value)> Columns { get; } =
    [
        ("Dice", m => m.Dice),
        ("IoU", m => m.Jaccard),
        ("Precision", m => m.Precision),
        ("Recall", m => m.Recall),
        ("Specificity", m => m.Specificity),
        ("HD (mm)", m => m.Hausdorff),
        ("HD95 (mm)", m => m.Hausdorff95),
        ("ASSD (mm)", m => m.Assd),
        ("ASD (mm)", m => m.AverageSurfaceDistance),
    ];
}
