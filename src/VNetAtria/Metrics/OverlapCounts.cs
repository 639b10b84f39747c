namespace VNetAtria.Metrics;

/// <summary>Voxel counts of a binary prediction against a binary reference.</summary>
/// <param name="TruePositives">Foreground in both.</param>
/// <param name="FalsePositives">Foreground in the prediction only.</param>
/// <param name="FalseNegatives">Foreground in the reference only.</param>
/// <param name="TrueNegatives">Background in both.</param>
public readonly record struct OverlapCounts(long TruePositives, long FalsePositives, long FalseNegatives, long TrueNegatives)
{
    /// <summary>Counts the four cases.</summary>
    public static OverlapCounts Of(ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> reference)
    {
        if (prediction.Length != reference.Length)
            throw new ArgumentException($"Prediction has {prediction.Length} voxels, reference {reference.Length}.");
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < prediction.Length; i++)
        {
            var p = prediction[i];
            var r = reference[i];
            if (p && r) tp++;
            else if (p) fp++;
            else if (r) fn++;
        }
        return new OverlapCounts(tp, fp, fn, prediction.Length - tp - fp - fn);
    }

    /// <summary>Foreground voxels of the prediction.</summary>
    public long PredictedForeground => TruePositives + FalsePositives;

    /// <summary>Foreground voxels of the reference.</summary>
    public long ReferenceForeground => TruePositives + FalseNegatives;
}
