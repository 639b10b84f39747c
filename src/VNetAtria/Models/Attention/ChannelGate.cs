using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VNetAtria.Models.Attention;

/// <summary>
/// BAM's channel gate (Park et al., BMVC 2018) as the original built it: global average pool over D, H, W ->
/// `channel_gate` = [0 Flatten, 1 Linear(c, c/r), 2 BatchNorm1d(c/r), 3 ReLU, 4 Linear(c/r, c)] -> sigmoid;
/// returns x + x * gate.
/// <para>
/// Batch size 1: a BatchNorm1d over one sample has no batch statistics. PyTorch raises there; TorchSharp
/// silently outputs zeros. This gate instead normalises such a batch with the running statistics (as in
/// evaluation) and leaves them unchanged, so training with batch size 1 works and larger batches behave exactly
/// as the original.
/// </para>
/// </summary>
public sealed class ChannelGate : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly Sequential channel_gate;
#pragma warning restore IDE1006
    // The same layers as typed handles for forward(); a tuple so RegisterComponents does not register them twice.
    private readonly (Linear Squeeze, HeldScalarBatchNorm Norm, Linear Excite) _layers;

    /// <summary>A channel gate over <paramref name="channels"/> channels with reduction ratio <paramref name="reduction"/>.</summary>
    public ChannelGate(long channels, long reduction) : base(nameof(ChannelGate))
    {
        var hidden = channels / reduction;
        _layers = (nn.Linear(channels, hidden), HeldScalarBatchNorm.OneD(hidden), nn.Linear(hidden, channels));
        channel_gate = nn.Sequential(
            ("0", nn.Flatten()),
            ("1", _layers.Squeeze),
            ("2", _layers.Norm),
            ("3", nn.ReLU()),
            ("4", _layers.Excite));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = x.mean([2L, 3L, 4L]);
        var (squeeze, norm, excite) = _layers;
        var hidden = squeeze.forward(pooled);
        var normalised = training && x.shape[0] == 1
            ? nn.functional.batch_norm(hidden, norm.running_mean, norm.running_var, norm.weight, norm.bias, training: false, eps: 1e-5)
            : norm.forward(hidden);
        var gate = excite.forward(nn.functional.relu(normalised)).sigmoid().view(x.shape[0], x.shape[1], 1, 1, 1);
        return ResidualSum.Of(x, x * gate).MoveToOuterDisposeScope();
    }
}
