using TorchSharp;
using TorchSharp.Modules;
using VNetAtria.Models.Convolutions;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// `up_transitionN`: up = relu1(up_conv(x)) with a 2x2x2 stride-2 transposed convolution to out/2 channels;
/// cat = concat(up, skip) on channels; returns ops(cat) + cat. `relu2` is registered but unused, as in the
/// original, so that its parameters and state_dict keys match.
/// </summary>
public sealed class UpTransition : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly ConvTranspose3d up_conv;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> relu2;
    private readonly nn.Module<Tensor, Tensor> ops;
#pragma warning restore IDE1006

    /// <summary>An up transition from <paramref name="inChannels"/> to <paramref name="outChannels"/> with <paramref name="layers"/> undilated ConvLayers.</summary>
    public UpTransition(long inChannels, long outChannels, int layers, VNetActivation activation) : base(nameof(UpTransition))
    {
        up_conv = nn.ConvTranspose3d(inChannels, outChannels / 2, kernel_size: 2, stride: 2);
        relu1 = Activations.Create(activation, outChannels / 2);
        relu2 = Activations.Create(activation, outChannels);
        ops = ConvLayer.Sequence(layers, outChannels, activation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x, Tensor skip)
    {
        using var scope = NewDisposeScope();
        var up = relu1.forward(ConvolutionRouting.Forward(up_conv, x));
        var cat = torch.cat([up, skip], 1);
        return ResidualSum.Of(ops.forward(cat), cat).MoveToOuterDisposeScope();
    }
}
