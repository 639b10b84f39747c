namespace VNetAtria.Augmentation;

/// <summary>
/// Everything one sample gets, as parameters (so it can be logged and replayed): flip, then the spatial transforms
/// in one resampling (elastic, rotation, translation; see <see cref="SpatialTransform"/>), then noise (noise last, so zero-filled borders get noise like the rest, as an image would).
/// </summary>
/// <param name="Flip">The mirror, or null.</param>
/// <param name="Rotation">The rotation, or null.</param>
/// <param name="Translation">The translation, or null.</param>
/// <param name="Elastic">The elastic deformation, or null.</param>
/// <param name="Noise">The noise, or null.</param>
public sealed record AugmentationPlan(
    FlipParameters? Flip = null,
    RotationParameters? Rotation = null,
    TranslationParameters? Translation = null,
    ElasticParameters? Elastic = null,
    NoiseParameters? Noise = null)
{
    /// <summary>The plan that changes nothing.</summary>
    public static AugmentationPlan None { get; } = new();

    /// <summary>The spatial part as one transform.</summary>
    public SpatialTransform Spatial => new(Rotation, Translation, Elastic);

    /// <summary>
    /// The augmented sample. Intermediate tensors are disposed; the result's tensors are new unless the plan is
    /// empty, in which case the input tensors come back.
    /// </summary>
    public AugmentationSample Apply(AugmentationSample sample, ImageInterpolation interpolation = ImageInterpolation.Nearest, ResamplePath path = ResamplePath.Auto)
    {
        sample.Validated();
        using var scope = TorchSharp.torch.NewDisposeScope();
        var current = sample;
        if (Flip is not null) current = Augmentation.Flip.Apply(current, Flip);
        var spatial = Spatial;
        if (!spatial.IsIdentity || path != ResamplePath.Auto) current = spatial.Apply(current, interpolation, path);
        if (Noise is not null) current = GaussianNoise.Apply(current, Noise);
        if (ReferenceEquals(current.Image, sample.Image) && ReferenceEquals(current.Label, sample.Label)) return sample;
        // Return new tensors only: the outer scope owns them; tensors that are the caller's inputs stay the caller's.
        var image = ReferenceEquals(current.Image, sample.Image) ? sample.Image.clone() : current.Image;
        var label = ReferenceEquals(current.Label, sample.Label) ? sample.Label.clone() : current.Label;
        return new AugmentationSample(image.MoveToOuterDisposeScope(), label.MoveToOuterDisposeScope());
    }
}
