using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// <c>nn.PReLU(channels, init: 0.25)</c> (one slope per channel, PyTorch's default start 0.25; state-dict key
/// <c>weight</c>; forward <c>functional.prelu</c>) whose slopes are filled with a held scalar: TorchSharp 0.107's
/// constructor fills them with a temporary <see cref="Scalar"/> that only a finalizer frees (see
/// <see cref="Runtime.HeldScalars"/>).
/// </summary>
internal sealed class HeldScalarPReLU : nn.Module<Tensor, Tensor>
{
    private static readonly Scalar InitialSlope = 0.25.ToScalar();

#pragma warning disable IDE1006 // The field name is the PyTorch state_dict key.
    private readonly Parameter weight;
#pragma warning restore IDE1006

    /// <summary>A PReLU with <paramref name="channels"/> slopes, each 0.25.</summary>
    public HeldScalarPReLU(long channels) : base("PReLU")
    {
        // TorchSharp's own construction (empty, then fill_), with the held scalar.
        weight = nn.Parameter(empty(channels).fill_(InitialSlope));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => nn.functional.prelu(x, weight);
}
