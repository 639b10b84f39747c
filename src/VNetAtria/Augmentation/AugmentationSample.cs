using static TorchSharp.torch;

namespace VNetAtria.Augmentation;

/// <summary>
/// One training sample as the transforms see it: image and label as (1, 1, D, H, W) float32 tensors on the same
/// device; the label holds 0 and 1. Transforms never change their inputs: they return new tensors (or the same
/// instances when they do nothing), created in the caller's dispose scope.
/// </summary>
/// <param name="Image">The (normalised) image.</param>
/// <param name="Label">The binary label.</param>
public readonly record struct AugmentationSample(Tensor Image, Tensor Label)
{
    /// <summary>Checks the layout every transform relies on and names what is wrong.</summary>
    public AugmentationSample Validated()
    {
        ArgumentNullException.ThrowIfNull(Image);
        ArgumentNullException.ThrowIfNull(Label);
        if (Image.ndim != 5 || Image.shape[0] != 1 || Image.shape[1] != 1)
            throw new ArgumentException($"Augmentation image has shape ({string.Join(", ", Image.shape)}); expected (1, 1, D, H, W). Use VolumeTensors.ToBatchTensor.");
        if (!Image.shape.SequenceEqual(Label.shape))
            throw new ArgumentException($"Augmentation label shape ({string.Join(", ", Label.shape)}) differs from the image's ({string.Join(", ", Image.shape)}); image and label must be the same grid.");
        if (Image.dtype != ScalarType.Float32 || Label.dtype != ScalarType.Float32)
            throw new ArgumentException($"Augmentation expects float32 image and label, found {Image.dtype} and {Label.dtype}; convert with .to(float32).");
        if (Image.device_type != Label.device_type || Image.device_index != Label.device_index)
            throw new ArgumentException($"Augmentation image is on {Image.device} but the label on {Label.device}; move both to one device.");
        return this;
    }

    /// <summary>The spatial size (D, H, W).</summary>
    public long[] SpatialShape => Image.shape[2..];
}
