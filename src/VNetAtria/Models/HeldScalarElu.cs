using TorchSharp;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// <c>nn.ELU(alpha: 1.0)</c> (the same native <c>elu(alpha 1, scale 1, input_scale 1)</c>) with held scalars: TorchSharp
/// 0.107's ELU makes three temporary <see cref="Scalar"/>s per call that only a finalizer frees (see
/// <see cref="Runtime.HeldScalars"/>).
/// </summary>
internal sealed class HeldScalarElu : nn.Module<Tensor, Tensor>
{
    // alpha, scale and input_scale, all 1.0 as TorchSharp passes them (doubles).
    private static readonly Scalar Unit = 1.0.ToScalar();

    /// <summary>An ELU with alpha 1.</summary>
    public HeldScalarElu() : base("ELU")
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => x.elu(Unit, Unit, Unit);
}
