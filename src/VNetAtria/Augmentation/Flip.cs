namespace VNetAtria.Augmentation;

/// <summary>Parameters of a mirror: the array axis reversed (0 = D, 1 = H, 2 = W).</summary>
/// <param name="Axis">The axis; the original flips H (array axis 1, numpy's flip(axis=1) on D, H, W).</param>
public sealed record FlipParameters(int Axis = 1)
{
    /// <summary>Checks the axis.</summary>
    public FlipParameters Validated()
    {
        if (Axis is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(Axis), Axis, "Flip axis must be 0 (D), 1 (H) or 2 (W); the original flips 1 (H).");
        return this;
    }
}

/// <summary>Mirrors image and label along one axis: exact (no resampling), voxel (d, h, w) goes to (d, H-1-h, w) for axis 1.</summary>
public static class Flip
{
    /// <summary>The mirrored sample (new tensors).</summary>
    public static AugmentationSample Apply(AugmentationSample sample, FlipParameters parameters)
    {
        sample.Validated();
        var dim = 2 + parameters.Validated().Axis;
        return new AugmentationSample(sample.Image.flip(dim), sample.Label.flip(dim));
    }
}

/// <summary>Draws a flip with probability <see cref="Probability"/>.</summary>
/// <param name="Probability">Chance that a sample is flipped, in [0, 1].</param>
/// <param name="Axis">The axis flipped (default H, as the original).</param>
public sealed record RandomFlip(double Probability = 0.5, int Axis = 1)
{
    /// <summary>The flip for this draw, or null (always one draw from <paramref name="random"/>).</summary>
    public FlipParameters? Sample(AugmentationRandom random)
    {
        AugmentationChecks.Probability(Probability, nameof(RandomFlip));
        return random.Chance(Probability) ? new FlipParameters(Axis).Validated() : null;
    }
}
