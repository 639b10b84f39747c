using static TorchSharp.torch;

namespace VNetAtria.Models.Convolutions;

/// <summary>The functional forms of the convolution paths (the probe and the routed modules both call these).</summary>
internal static class ConvolutionKernels
{
    /// <summary>
    /// oneDNN's channel block for float32 on AVX-512 (16; twice AVX2's 8, so it suits both): a channel count that is a
    /// multiple of it fills whole blocks and needs no padded tail inside oneDNN.
    /// </summary>
    public const int ChannelBlock = 16;

    /// <summary>The convolution of <paramref name="x"/> by <paramref name="path"/> (for <see cref="ConvolutionPath.WithoutOneDnn"/> the caller switches oneDNN off).</summary>
    public static Tensor Apply(ConvolutionShape shape, ConvolutionPath path, Tensor x, Tensor weight, Tensor? bias) =>
        path == ConvolutionPath.ChannelPadded ? ChannelPadded(shape, x, weight, bias) : Plain(shape, x, weight, bias);

    /// <summary>libtorch's convolution as the module would call it.</summary>
    public static Tensor Plain(ConvolutionShape shape, Tensor x, Tensor weight, Tensor? bias)
    {
        long[] stride = [shape.Stride, shape.Stride, shape.Stride];
        long[] padding = [shape.Padding, shape.Padding, shape.Padding];
        long[] dilation = [shape.Dilation, shape.Dilation, shape.Dilation];
        return shape.Transposed
            ? nn.functional.conv_transpose3d(x, weight, bias, stride, padding, [0, 0, 0], dilation)
            : nn.functional.conv3d(x, weight, bias, stride, padding, dilation);
    }

    /// <summary>
    /// The convolution with input and output channels zero-padded up to a multiple of <see cref="ChannelBlock"/>
    /// (only those that are not one already), the output cut back to the real channels. The padded weights are zero,
    /// so the real outputs are the same sums; autograd carries the gradients back through the padding.
    /// </summary>
    public static Tensor ChannelPadded(ConvolutionShape shape, Tensor x, Tensor weight, Tensor? bias)
    {
        var extraIn = RoundUp(shape.InChannels) - shape.InChannels;
        var extraOut = RoundUp(shape.OutChannels) - shape.OutChannels;
        if (extraIn == 0 && extraOut == 0) return Plain(shape, x, weight, bias);
        using var scope = NewDisposeScope();
        var paddedX = extraIn == 0 ? x : nn.functional.pad(x, [0, 0, 0, 0, 0, 0, 0, extraIn]);
        // Weight layout: (out, in, k, k, k) for a convolution, (in, out, k, k, k) for a transposed one; pad() lists
        // the last axis first.
        long[] weightPad = shape.Transposed
            ? [0, 0, 0, 0, 0, 0, 0, extraOut, 0, extraIn]
            : [0, 0, 0, 0, 0, 0, 0, extraIn, 0, extraOut];
        var paddedWeight = nn.functional.pad(weight, weightPad);
        var paddedBias = bias is null || extraOut == 0 ? bias : nn.functional.pad(bias, [0, extraOut]);
        var y = Plain(shape with { InChannels = shape.InChannels + extraIn, OutChannels = shape.OutChannels + extraOut }, paddedX, paddedWeight, paddedBias);
        return (extraOut == 0 ? y : y.narrow(1, 0, shape.OutChannels).contiguous()).MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="channels"/> rounded up to a multiple of <see cref="ChannelBlock"/>.</summary>
    public static int RoundUp(int channels) => (channels + ChannelBlock - 1) / ChannelBlock * ChannelBlock;
}
