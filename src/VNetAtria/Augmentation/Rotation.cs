namespace VNetAtria.Augmentation;

/// <summary>
/// A rotation by <paramref name="Degrees"/> about the volume centre ((size - 1) / 2 on each axis) in the plane of two
/// array axes, with scipy.ndimage.rotate's convention (the original called rotate(x, angle, axes=(1, 2),
/// reshape=False, order=0, mode='constant', cval=0)): the output at p takes the input at M (p - c) + c with
/// M = [[cos, sin], [-sin, cos]] acting on (AxisA, AxisB). So +90 degrees in (1, 2) equals numpy's rot90(k=1, axes=(1, 2)).
/// </summary>
/// <param name="Degrees">The angle in degrees.</param>
/// <param name="AxisA">First axis of the plane (default 1, H).</param>
/// <param name="AxisB">Second axis of the plane (default 2, W): (1, 2) is in-plane rotation about the depth axis.</param>
public sealed record RotationParameters(double Degrees, int AxisA = 1, int AxisB = 2)
{
    /// <summary>Checks the angle and the plane.</summary>
    public RotationParameters Validated()
    {
        if (!double.IsFinite(Degrees))
            throw new ArgumentOutOfRangeException(nameof(Degrees), Degrees, "Rotation angle must be a finite number of degrees.");
        AugmentationChecks.Plane(AxisA, AxisB, nameof(RotationParameters));
        return this;
    }

    /// <summary>True for an angle that is a multiple of 360 degrees.</summary>
    public bool IsIdentity => Math.IEEERemainder(Degrees, 360) == 0;
}

/// <summary>Rotates image and label identically (label nearest), zero fill outside the input, in one resampling.</summary>
public static class Rotation
{
    /// <summary>The rotated sample; see <see cref="SpatialTransform.Apply"/> for how it is resampled.</summary>
    public static AugmentationSample Apply(AugmentationSample sample, RotationParameters parameters, ImageInterpolation interpolation = ImageInterpolation.Nearest) =>
        new SpatialTransform(Rotation: parameters).Apply(sample, interpolation);
}

/// <summary>
/// Draws an angle ~ U(<see cref="MinDegrees"/>, <see cref="MaxDegrees"/>) with probability <see cref="Probability"/>;
/// with <see cref="IntegerDegrees"/> an integer uniform in [min, max) as the original (np.random.randint(-3, 3)).
/// </summary>
/// <param name="Probability">Chance that a sample is rotated, in [0, 1].</param>
/// <param name="MinDegrees">Smallest angle (original -3).</param>
/// <param name="MaxDegrees">Largest angle (original 3, exclusive for integer angles).</param>
/// <param name="IntegerDegrees">True: whole degrees in [min, max) (the original); false: continuous.</param>
/// <param name="AxisA">First axis of the plane (default H).</param>
/// <param name="AxisB">Second axis of the plane (default W).</param>
public sealed record RandomRotation(double Probability = 0.5, double MinDegrees = -3, double MaxDegrees = 3, bool IntegerDegrees = true, int AxisA = 1, int AxisB = 2)
{
    /// <summary>The rotation for this draw, or null (always two draws, so later draws do not shift).</summary>
    public RotationParameters? Sample(AugmentationRandom random)
    {
        AugmentationChecks.Probability(Probability, nameof(RandomRotation));
        AugmentationChecks.Range(MinDegrees, MaxDegrees, "angle", nameof(RandomRotation));
        AugmentationChecks.Plane(AxisA, AxisB, nameof(RandomRotation));
        var apply = random.Chance(Probability);
        double degrees;
        if (IntegerDegrees)
        {
            if (MinDegrees != Math.Floor(MinDegrees) || MaxDegrees != Math.Floor(MaxDegrees) || MaxDegrees <= MinDegrees)
                throw new ArgumentException($"{nameof(RandomRotation)}: integer angles need whole-degree bounds with min < max, found [{MinDegrees}, {MaxDegrees}); use IntegerDegrees = false for a continuous range.");
            degrees = random.NextInt((int)MinDegrees, (int)MaxDegrees);
        }
        else
        {
            degrees = random.Uniform(MinDegrees, MaxDegrees);
        }
        return apply ? new RotationParameters(degrees, AxisA, AxisB) : null;
    }
}
