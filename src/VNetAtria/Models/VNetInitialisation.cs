using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>The original's initialisation: Xavier-normal weights and zero biases for Conv3d layers only.</summary>
public static class VNetInitialisation
{
    /// <summary>
    /// Re-initialises every Conv3d of <paramref name="module"/> in module order, as PyTorch's
    /// <c>nn.init.xavier_normal_</c> does: w ~ N(0, gain * sqrt(2 / (fan_in + fan_out))), bias = 0.
    /// The draw is written out here (a single normal_ per weight) so it matches PyTorch bit for bit under the same seed.
    /// </summary>
    public static void XavierNormalConvolutions(nn.Module module, Generator? generator = null)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            if (child is not Conv3d conv) continue;
            var weight = conv.weight!;
            var receptive = weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
            var fanIn = weight.shape[1] * receptive;
            var fanOut = weight.shape[0] * receptive;
            var std = Math.Sqrt(2.0 / (fanIn + fanOut));
            weight.normal_(0, std, generator);
            conv.bias?.zero_();
        }
    }
}
