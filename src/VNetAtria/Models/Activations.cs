using TorchSharp;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>Creates the configured non-linearity.</summary>
internal static class Activations
{
    /// <summary>PReLU(channels) as the original, or ELU.</summary>
    public static nn.Module<Tensor, Tensor> Create(VNetActivation activation, long channels) => activation switch
    {
        VNetActivation.PReLU => nn.PReLU(channels, init: 0.25),
        _ => nn.ELU(alpha: 1.0, inplace: false),
    };
}
