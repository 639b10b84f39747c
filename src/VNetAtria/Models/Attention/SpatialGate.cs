using TorchSharp.Modules;
using VNetAtria.Models.Convolutions;
using static TorchSharp.torch;

namespace VNetAtria.Models.Attention;

/// <summary>
/// BAM's spatial gate as the original built it: `spatial_gate` = [0 Conv3d(c, c/r, 1), 1 BatchNorm3d, 2 ReLU,
/// 3 Conv3d(c/r, c/r, 3, dilation d), 4 BatchNorm3d, 5 ReLU, 6 Conv3d(c/r, c/r, 3, dilation d), 7 BatchNorm3d, 8 ReLU,
/// 9 Conv3d(c/r, 1, 1)] -> sigmoid, broadcast over channels; returns x + x * gate.
/// BatchNorm3d has D*H*W values per channel, so batch size 1 is fine here.
/// </summary>
public sealed class SpatialGate : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly Sequential spatial_gate;
#pragma warning restore IDE1006

    /// <summary>A spatial gate over <paramref name="channels"/> channels.</summary>
    public SpatialGate(long channels, long reduction, long dilation) : base(nameof(SpatialGate))
    {
        var r = channels / reduction;
        spatial_gate = nn.Sequential(
            ("0", nn.Conv3d(channels, r, kernel_size: 1)),
            ("1", HeldScalarBatchNorm.ThreeD(r)),
            ("2", nn.ReLU()),
            ("3", nn.Conv3d(r, r, kernel_size: 3, padding: dilation, dilation: dilation)),
            ("4", HeldScalarBatchNorm.ThreeD(r)),
            ("5", nn.ReLU()),
            ("6", nn.Conv3d(r, r, kernel_size: 3, padding: dilation, dilation: dilation)),
            ("7", HeldScalarBatchNorm.ThreeD(r)),
            ("8", nn.ReLU()),
            ("9", nn.Conv3d(r, 1, kernel_size: 1)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        // Layer by layer rather than spatial_gate.forward, so the convolutions take the routed path.
        var h = x;
        foreach (var layer in spatial_gate.children())
            h = layer is Convolution conv ? ConvolutionRouting.Forward(conv, h) : ((nn.Module<Tensor, Tensor>)layer).forward(h);
        var gate = h.sigmoid();
        return ResidualSum.Of(x, x * gate).MoveToOuterDisposeScope();
    }
}
