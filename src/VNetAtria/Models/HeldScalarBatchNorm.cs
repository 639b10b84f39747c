using TorchSharp;
using TorchSharp.Modules;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// TorchSharp's <see cref="BatchNorm"/> (the same parameters, buffers, state-dict names and
/// <c>functional.batch_norm</c> call, so the same numbers) whose training forward holds its scalars.
/// <para>
/// Why: TorchSharp 0.107's <c>BatchNorm.forward</c> runs <c>num_batches_tracked.add_(1)</c> in training, which makes
/// two temporary <see cref="Scalar"/>s that only a finalizer frees; a garbage collection during that native call can
/// free them while libtorch reads them (see <see cref="HeldScalars"/>).
/// </para>
/// </summary>
internal sealed class HeldScalarBatchNorm : BatchNorm
{
    private readonly long[] _inputRanks;

    private HeldScalarBatchNorm(long features, long[] inputRanks, string name)
        : base(features, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name) =>
        _inputRanks = inputRanks;

    /// <summary>As <c>nn.BatchNorm1d(features)</c>: (N, C) or (N, C, L) input.</summary>
    public static HeldScalarBatchNorm OneD(long features) => new(features, [2, 3], "BatchNorm1d");

    /// <summary>As <c>nn.BatchNorm3d(features)</c>: (N, C, D, H, W) input.</summary>
    public static HeldScalarBatchNorm ThreeD(long features) => new(features, [5], "BatchNorm3d");

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        // TorchSharp's BatchNorm.forward, line for line, with held scalars.
        ValidateInputDimensions(input);
        var factor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } tracked)
        {
            tracked.add_(HeldScalars.One, HeldScalars.One);
            factor = momentum ?? 1.0 / tracked.item<long>();
        }
        var useBatchStatistics = training || (running_mean is null && running_var is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias,
            useBatchStatistics, factor, eps);
    }

    /// <inheritdoc />
    protected override void ValidateInputDimensions(Tensor input)
    {
        if (!_inputRanks.Contains(input.ndim))
            throw new ArgumentException($"{GetName()} expects {string.Join(" or ", _inputRanks.Select(r => $"{r}D"))} input, but got {input.ndim}D input.");
    }
}
