using TorchSharp.Modules;
using VNetAtria.Models.Convolutions;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>`ConvLayer(c)`: relu1(conv1(x)) with a 5x5x5 "same" convolution (padding 2 * dilation).</summary>
public sealed class ConvLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly Conv3d conv1;
    private readonly nn.Module<Tensor, Tensor> relu1;
#pragma warning restore IDE1006

    /// <summary>A ConvLayer over <paramref name="channels"/> channels.</summary>
    public ConvLayer(long channels, VNetActivation activation, long dilation = 1) : base(nameof(ConvLayer))
    {
        conv1 = nn.Conv3d(channels, channels, kernel_size: 5, padding: 2 * dilation, dilation: dilation);
        relu1 = Activations.Create(activation, channels);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var c = ConvolutionRouting.Forward(conv1, x);
        return relu1.forward(c);
    }

    /// <summary>An `ops` sequence of <paramref name="count"/> ConvLayers named 0, 1, ...</summary>
    internal static nn.Module<Tensor, Tensor> Sequence(int count, long channels, VNetActivation activation, long dilation = 1) =>
        nn.Sequential(Enumerable.Range(0, count).Select(i => ($"{i}", (nn.Module<Tensor, Tensor>)new ConvLayer(channels, activation, dilation))));
}
