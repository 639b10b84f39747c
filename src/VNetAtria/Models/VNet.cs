using TorchSharp;
using VNetAtria.Imaging;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>
/// The original project's VNet (Milletari et al. 2016, as in docs/original-pipeline.md): 5x5x5 convolutions,
/// 2x2x2 stride-2 down and transposed up convolutions, residual additions, concatenated skips, 1-channel logits.
/// Module and parameter names equal the original's PyTorch state_dict keys, so weights move both ways.
/// Input: (N, 1, D, H, W) with D, H, W divisible by 16. Output: (N, 1, D, H, W) logits.
/// </summary>
public sealed class VNet : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are the PyTorch state_dict keys.
    private readonly InputTransition input_transition;
    private readonly DownTransition down_transition16;
    private readonly DownTransition down_transition32;
    private readonly DownTransition down_transition64;
    private readonly DownTransition down_transition128;
    private readonly UpTransition up_transition128;
    private readonly UpTransition up_transition64;
    private readonly UpTransition up_transition32;
    private readonly UpTransition up_transition16;
    private readonly OutputTransition out_transition;
#pragma warning restore IDE1006

    /// <summary>
    /// Builds the network. Weights are initialised as the original: Xavier-normal weights and zero biases for
    /// Conv3d layers, PyTorch defaults elsewhere, drawn from torch's global generator (seed it with
    /// <c>torch.manual_seed</c>, or use <see cref="Create"/>).
    /// </summary>
    public VNet(VNetOptions? options = null) : base(StartTorch(nameof(VNet)))
    {
        Options = (options ?? VNetOptions.Original).Validated();
        var n = Options.NumLayers;
        long w = Options.BaseWidth;
        input_transition = new InputTransition(w, Options);
        down_transition16 = new DownTransition(w, n, Options);
        down_transition32 = new DownTransition(2 * w, n, Options);
        down_transition64 = new DownTransition(4 * w, n + 1, Options);
        down_transition128 = new DownTransition(8 * w, n + 1, Options);
        up_transition128 = new UpTransition(16 * w, 16 * w, n + 1, Options.Activation);
        up_transition64 = new UpTransition(16 * w, 8 * w, n + 1, Options.Activation);
        up_transition32 = new UpTransition(8 * w, 4 * w, n, Options.Activation);
        up_transition16 = new UpTransition(4 * w, 2 * w, n, Options.Activation);
        out_transition = new OutputTransition(2 * w, Options.Activation);
        RegisterComponents();
        VNetInitialisation.XavierNormalConvolutions(this);
    }

    /// <summary>The architecture options.</summary>
    public VNetOptions Options { get; }

    // Runs before the base constructor touches torch, so a missing native library fails fast with a clear message.
    private static string StartTorch(string name)
    {
        Runtime.TorchRuntime.EnsureAvailable();
        return name;
    }

    // Module constructors draw from torch's process-wide generator: seeding and building must not interleave
    // with another seeded construction.
    private static readonly Lock SeededConstruction = new();

    /// <summary>
    /// Builds a VNet whose weights are drawn from <paramref name="seed"/>: the same seed gives the same weights on
    /// every machine, bit-identical to the original PyTorch module built after <c>torch.manual_seed(seed)</c>.
    /// Reseeds torch's global generator; other threads drawing from it meanwhile would change the weights.
    /// </summary>
    public static VNet Create(VNetOptions options, long seed)
    {
        lock (SeededConstruction)
        {
            torch.random.manual_seed(seed);
            return new VNet(options);
        }
    }

    /// <summary>Number of trainable parameters.</summary>
    public long TrainableParameterCount() => parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (x.ndim != 5 || x.shape[1] != 1)
            throw new ArgumentException($"VNet input must have shape (N, 1, D, H, W); found ({string.Join(", ", x.shape)}).");
        VNetInputSize.Validate(new Shape3((int)x.shape[2], (int)x.shape[3], (int)x.shape[4]));
        using var scope = NewDisposeScope();
        var i = input_transition.forward(x);
        var d16 = down_transition16.forward(i);
        var d32 = down_transition32.forward(d16);
        var d64 = down_transition64.forward(d32);
        var d128 = down_transition128.forward(d64);
        var u = up_transition128.forward(d128, d64);
        u = up_transition64.forward(u, d32);
        u = up_transition32.forward(u, d16);
        u = up_transition16.forward(u, i);
        return out_transition.forward(u).MoveToOuterDisposeScope();
    }
}
