namespace VNetAtria.Augmentation;

/// <summary>Shared validation of sampler options, with messages naming the value, the expectation and the fix.</summary>
internal static class AugmentationChecks
{
    public static void Probability(double p, string owner)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"{owner}: probability {p} must be in [0, 1].");
    }

    public static void Range(double min, double max, string what, string owner)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"{owner}: {what} range [{min}, {max}] must be finite with min <= max; swap or fix the bounds.");
    }

    public static void NonNegative(double value, string what, string owner)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(what, value, $"{owner}: {what} {value} must be finite and >= 0.");
    }

    public static void Plane(int axisA, int axisB, string owner)
    {
        if (axisA is < 0 or > 2 || axisB is < 0 or > 2 || axisA == axisB)
            throw new ArgumentException($"{owner}: rotation plane axes ({axisA}, {axisB}) must be two different axes out of 0 (D), 1 (H), 2 (W); the original rotates in (1, 2).");
    }
}
