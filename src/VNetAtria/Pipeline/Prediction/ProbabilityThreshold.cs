namespace VNetAtria.Pipeline.Prediction;

/// <summary>
/// Turns sigmoid probabilities into a label: a voxel is foreground when its probability is at least the threshold.
/// <para>
/// The original set everything below probability 1.0 to zero (<c>pred[pred &lt; 1] = 0</c>), i.e. a threshold of
/// exactly 1.0 (<see cref="Original"/>): in float32 the sigmoid rounds to exactly 1.0 once 1 + exp(-x) rounds to 1,
/// for logits above about 16.6, so only very confident voxels survive. We default to 0.5 (<see cref="Default"/>),
/// the usual decision boundary (logit 0), which the training losses (Dice on sigmoid outputs) are built around.
/// </para>
/// </summary>
public static class ProbabilityThreshold
{
    /// <summary>The default threshold: probability &gt;= 0.5 (logit &gt;= 0).</summary>
    public const double Default = 0.5;

    /// <summary>The original's effective threshold: only probabilities equal to 1.0 (float32) are foreground.</summary>
    public const double Original = 1.0;

    /// <summary>Checks a threshold is in (0, 1].</summary>
    /// <exception cref="PredictionException">It is not.</exception>
    public static double Validated(double threshold) =>
        double.IsFinite(threshold) && threshold > 0 && threshold <= 1
            ? threshold
            : throw new PredictionException($"Prediction threshold {threshold} must be in (0, 1]: 0.5 (default) or 1.0 (the original's 'probability == 1' rule).");

    /// <summary><paramref name="foreground"/> where p &gt;= <paramref name="threshold"/>, else 0.</summary>
    public static byte[] Apply(ReadOnlySpan<float> probabilities, double threshold, byte foreground = 1)
    {
        Validated(threshold);
        // Compare in float: a threshold of 1.0 must mean "the float32 probability is exactly 1".
        var t = (float)threshold;
        var result = new byte[probabilities.Length];
        for (var i = 0; i < probabilities.Length; i++)
            if (probabilities[i] >= t) result[i] = foreground;
        return result;
    }
}
