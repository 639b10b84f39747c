using System.Globalization;
using TorchSharp.Modules;

namespace VNetAtria.Models.Convolutions;

/// <summary>
/// What decides which oneDNN kernel libtorch runs for a 3D convolution: direct or transposed, channels in and out,
/// cubic kernel, stride, padding, dilation. Our models build every convolution from these (groups 1, zero padding).
/// </summary>
/// <param name="Transposed">True for ConvTranspose3d.</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Kernel size along each axis.</param>
/// <param name="Stride">Stride along each axis.</param>
/// <param name="Padding">Zero padding along each axis.</param>
/// <param name="Dilation">Dilation along each axis.</param>
public sealed record ConvolutionShape(bool Transposed, int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int Dilation)
{
    /// <summary>A stable, readable key, e.g. "conv 8->8 k5 s1 p2 d1" (used in logs, the doctor's table and the cache).</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture,
        $"{(Transposed ? "convT" : "conv")} {InChannels}->{OutChannels} k{Kernel} s{Stride} p{Padding} d{Dilation}");

    /// <summary>The weight's shape: (out, in, k, k, k) for a convolution, (in, out, k, k, k) for a transposed one.</summary>
    public long[] WeightShape => Transposed
        ? [InChannels, OutChannels, Kernel, Kernel, Kernel]
        : [OutChannels, InChannels, Kernel, Kernel, Kernel];

    /// <summary>The output size along an axis of input size <paramref name="input"/>.</summary>
    public int OutputSize(int input) => Transposed
        ? (input - 1) * Stride - 2 * Padding + Dilation * (Kernel - 1) + 1
        : (input + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;

    /// <inheritdoc />
    public override string ToString() => Key;

    /// <summary>
    /// The shape of a TorchSharp Conv3d / ConvTranspose3d module, or null when it is outside what the routing handles
    /// (non-cubic kernels, groups, non-zero padding modes, "same"/"valid" padding, output padding): such modules always
    /// run libtorch's default path.
    /// </summary>
    public static ConvolutionShape? Of(Convolution conv)
    {
        ArgumentNullException.ThrowIfNull(conv);
        if (conv.groups != 1 || conv.padding_mode != TorchSharp.PaddingModes.Zeros || conv.padding_type is not null) return null;
        if (conv.kernel_size is not { Length: 3 } k || conv.stride is not { Length: 3 } s || conv.padding is not { Length: 3 } p
            || conv.dilation is not { Length: 3 } d) return null;
        if (!AllEqual(k) || !AllEqual(s) || !AllEqual(p) || !AllEqual(d)) return null;
        if (conv.transposed && conv.output_padding is { } op && op.Any(v => v != 0)) return null;
        return new ConvolutionShape(conv.transposed, checked((int)conv.in_channels), checked((int)conv.out_channels),
            (int)k[0], (int)s[0], (int)p[0], (int)d[0]);
    }

    private static bool AllEqual(long[] values) => values.All(v => v == values[0]);
}
