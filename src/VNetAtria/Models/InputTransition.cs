using TorchSharp.Modules;
using VNetAtria.Models.Convolutions;
using VNetAtria.Models.Attention;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// `input_transition`: out = relu1(conv1(x)) [-> att_module]; returns out + x, the one-channel input broadcast
/// over the output channels (the original's residual).
/// </summary>
public sealed class InputTransition : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly Conv3d conv1;
    private readonly nn.Module<Tensor, Tensor> relu1;
    private readonly AttentionModule? att_module;
#pragma warning restore IDE1006

    /// <summary>The input transition producing <paramref name="outChannels"/> channels.</summary>
    public InputTransition(long outChannels, VNetOptions options) : base(nameof(InputTransition))
    {
        conv1 = nn.Conv3d(1, outChannels, kernel_size: 5, padding: 2 * options.Dilation, dilation: options.Dilation);
        relu1 = Activations.Create(options.Activation, outChannels);
        if (options.Attention) att_module = new AttentionModule(outChannels, options.AttentionReduction, options.AttentionDilation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = relu1.forward(ConvolutionRouting.Forward(conv1, x));
        if (att_module is not null) output = att_module.forward(output);
        return ResidualSum.Of(output, x).MoveToOuterDisposeScope();
    }
}
