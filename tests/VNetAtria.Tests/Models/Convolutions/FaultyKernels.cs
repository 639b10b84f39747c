using TorchSharp;
using VNetAtria.Models.Convolutions;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Models.Convolutions;

/// <summary>
/// Kernels that reproduce the oneDNN fault in miniature for the routing tests: the output is right but the input
/// gradient is scaled by 0.7 (a 30 % error, as seen on the affected CPUs), on chosen paths only.
/// </summary>
internal static class FaultyKernels
{
    private static readonly Scalar Kept = 0.7.ToScalar();
    private static readonly Scalar Detached = 0.3.ToScalar();
    private static readonly Scalar One = 1.ToScalar();

    /// <summary>A probe kernel whose input gradient is wrong on <paramref name="faultyPaths"/> for shapes that leave a partly filled block.</summary>
    public static Func<ConvolutionShape, ConvolutionPath, Tensor, Tensor, Tensor?, Tensor> WrongInputGradient(params ConvolutionPath[] faultyPaths) =>
        (shape, path, x, weight, bias) =>
        {
            var partial = shape.InChannels % ConvolutionKernels.ChannelBlock != 0 || shape.OutChannels % ConvolutionKernels.ChannelBlock != 0;
            if (!partial || !faultyPaths.Contains(path)) return ConvolutionKernels.Apply(shape, path, x, weight, bias);
            using var scope = NewDisposeScope();
            // 0.7 x + 0.3 x.detach() has x's value (to rounding) but passes back only 0.7 of the gradient.
            var scaled = x.mul(Kept).add(x.detach().mul(Detached), One);
            return ConvolutionKernels.Apply(shape, path, scaled, weight, bias).MoveToOuterDisposeScope();
        };
}
