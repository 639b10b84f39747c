using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>Creates the configured non-linearity.</summary>
internal static class Activations
{
    /// <summary>PReLU(channels) as the original, or ELU (both with held scalars, unlike TorchSharp's own).</summary>
    public static nn.Module<Tensor, Tensor> Create(VNetActivation activation, long channels) => activation switch
    {
        VNetActivation.PReLU => new HeldScalarPReLU(channels),
        _ => new HeldScalarElu(),
    };
}
