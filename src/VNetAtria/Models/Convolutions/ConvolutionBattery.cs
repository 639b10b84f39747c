namespace VNetAtria.Models.Convolutions;

/// <summary>
/// Checks convolution paths on this machine: for a shape, every batch size from 1 to 3, two spatial sizes (a
/// small one, and a larger one where the channels leave a partly filled oneDNN block), each float32 result against a
/// float64 reference. Shapes are checked through a representative with the same channel blocking (see
/// <see cref="Representative"/>), which keeps the whole battery of a model to a second or less.
/// </summary>
public static class ConvolutionBattery
{
    /// <summary>
    /// Bumped whenever the battery's checks change, so cached verdicts of an older battery are measured again.
    /// </summary>
    public const int Version = 1;

    /// <summary>
    /// The shape that stands for <paramref name="shape"/> in the battery: channel counts above two blocks are cut to two
    /// blocks plus the same remainder (oneDNN handles 32, 64 and 128 channels with the same blocked kernels), the rest kept.
    /// </summary>
    public static ConvolutionShape Representative(ConvolutionShape shape) =>
        shape with { InChannels = Cap(shape.InChannels), OutChannels = Cap(shape.OutChannels) };

    /// <summary>The worst errors of <paramref name="path"/> for <paramref name="shape"/> over the battery's inputs.</summary>
    public static ConvolutionErrors Measure(ConvolutionShape shape, ConvolutionPath path)
    {
        var errors = ConvolutionErrors.None;
        var seed = 1L;
        foreach (var size in Sizes(shape))
            for (var batch = 1; batch <= 3; batch++)
                errors = errors.Max(ConvolutionProbe.Measure(shape, path, batch, size, seed++));
        return errors;
    }

    // Spatial sizes of the input. Small odd-ish sizes keep the float64 reference quick; a second, larger one covers
    // the partly filled block (the faulty case) with more than one oneDNN spatial block.
    private static IEnumerable<(int D, int H, int W)> Sizes(ConvolutionShape shape)
    {
        var partialBlock = shape.InChannels % ConvolutionKernels.ChannelBlock != 0 || shape.OutChannels % ConvolutionKernels.ChannelBlock != 0;
        if (shape.Transposed)
        {
            yield return (2, 3, 5);
            if (partialBlock) yield return (2, 6, 12);
        }
        else
        {
            yield return (4, 6, 10);
            if (partialBlock) yield return (4, 12, 24);
        }
    }

    private static int Cap(int channels)
    {
        const int block = ConvolutionKernels.ChannelBlock;
        return channels <= 2 * block ? channels : 2 * block + channels % block;
    }
}
