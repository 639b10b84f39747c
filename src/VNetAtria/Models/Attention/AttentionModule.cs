using static TorchSharp.torch;

namespace VNetAtria.Models.Attention;

/// <summary>
/// `att_module`: the original's sequential BAM-like attention. x1 = channel_att(x); x2 = spatial_att(x1);
/// returns x + x2.
/// </summary>
public sealed class AttentionModule : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly ChannelGate channel_att;
    private readonly SpatialGate spatial_att;
#pragma warning restore IDE1006

    /// <summary>Attention over <paramref name="channels"/> channels.</summary>
    public AttentionModule(long channels, long reduction, long spatialDilation) : base(nameof(AttentionModule))
    {
        channel_att = new ChannelGate(channels, reduction);
        spatial_att = new SpatialGate(channels, reduction, spatialDilation);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x2 = spatial_att.forward(channel_att.forward(x));
        return ResidualSum.Of(x, x2).MoveToOuterDisposeScope();
    }
}
