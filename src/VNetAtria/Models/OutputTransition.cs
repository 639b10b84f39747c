using TorchSharp.Modules;
using VNetAtria.Models.Convolutions;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>`out_transition`: relu1(conv1(x)) with a 1x1x1 convolution to one channel: the logits (sigmoid is applied by losses and at prediction).</summary>
public sealed class OutputTransition : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly Conv3d conv1;
    private readonly nn.Module<Tensor, Tensor> relu1;
#pragma warning restore IDE1006

    /// <summary>The output transition from <paramref name="inChannels"/> channels.</summary>
    public OutputTransition(long inChannels, VNetActivation activation) : base(nameof(OutputTransition))
    {
        conv1 = nn.Conv3d(inChannels, 1, kernel_size: 1);
        relu1 = Activations.Create(activation, 1);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var c = ConvolutionRouting.Forward(conv1, x);
        return relu1.forward(c);
    }
}
