using TorchSharp.Modules;
using VNetAtria.Models.Convolutions;
using VNetAtria.Models.Attention;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// `down_transitionN`: down = relu1(down_conv(x)) with a 2x2x2 stride-2 convolution doubling the channels;
/// out = ops(down) [-> att_module]; returns out + down.
/// </summary>
public sealed class DownTransition : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly Conv3d down_conv;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly nn.Module<Tensor, Tensor> ops;
    private readonly AttentionModule? att_module;
#pragma warning restore IDE1006

    /// <summary>A down transition from <paramref name="inChannels"/> to twice as many, with <paramref name="layers"/> ConvLayers.</summary>
    public DownTransition(long inChannels, int layers, VNetOptions options) : base(nameof(DownTransition))
    {
        var outChannels = 2 * inChannels;
        down_conv = nn.Conv3d(inChannels, outChannels, kernel_size: 2, stride: 2);
        relu1 = Activations.Create(options.Activation, outChannels);
        ops = ConvLayer.Sequence(layers, outChannels, options.Activation, options.Dilation);
        if (options.Attention) att_module = new AttentionModule(outChannels, options.AttentionReduction, options.AttentionDilation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var down = relu1.forward(ConvolutionRouting.Forward(down_conv, x));
        var output = ops.forward(down);
        if (att_module is not null) output = att_module.forward(output);
        return ResidualSum.Of(output, down).MoveToOuterDisposeScope();
    }
}
