using VNetAtria.Imaging;
using VNetAtria.Models;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>
/// Settings of sliding-window inference over the whole (padded) volume, nnU-Net style: windows of
/// <see cref="PatchSize"/> placed with the given <see cref="Overlap"/>, each window's probabilities weighted by a
/// Gaussian importance map, accumulated, and divided by the summed weights.
/// </summary>
public sealed record SlidingWindowOptions
{
    /// <summary>The window size (D, H, W) at the segmenter's input resolution (after <see cref="PredictorOptions.InputScale"/>); multiples of 16 for the VNet. Use the crop plan's patch size.</summary>
    public required Shape3 PatchSize { get; init; }

    /// <summary>Fraction of a window shared with its neighbour, in [0, 1) (nnU-Net's default tile_step_size 0.5 is overlap 0.5).</summary>
    public double Overlap { get; init; } = 0.5;

    /// <summary>Weight each window by a Gaussian (true, nnU-Net's default) or uniformly (false: a plain average).</summary>
    public bool Gaussian { get; init; } = true;

    /// <summary>The Gaussian's sigma as a fraction of the patch size per axis (nnU-Net: 1/8).</summary>
    public double SigmaScale { get; init; } = 1.0 / 8;

    /// <summary>Windows per forward pass.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// Accumulate on the model's device instead of the CPU: faster on a GPU when the volume's two float32
    /// accumulators (8 bytes per voxel: 250 MB for 96x640x640) fit beside the model.
    /// </summary>
    public bool AccumulateOnDevice { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="PredictionException">A setting is out of range (names it).</exception>
    public SlidingWindowOptions Validated()
    {
        if (!VNetInputSize.IsValid(PatchSize))
            throw new PredictionException($"Sliding window: patch size {PatchSize} must be a positive multiple of {VNetInputSize.Multiple} on every axis; e.g. {VNetInputSize.RoundUp(PatchSize)} (use the crop plan's patch size).");
        if (!(Overlap >= 0 && Overlap < 1))
            throw new PredictionException($"Sliding window: overlap {Overlap} must be in [0, 1) (0.5 is nnU-Net's default).");
        if (!(SigmaScale > 0 && double.IsFinite(SigmaScale)))
            throw new PredictionException($"Sliding window: sigma scale {SigmaScale} must be positive (nnU-Net uses 1/8 of the patch).");
        if (BatchSize < 1)
            throw new PredictionException($"Sliding window: batch size {BatchSize} must be at least 1.");
        return this;
    }
}
