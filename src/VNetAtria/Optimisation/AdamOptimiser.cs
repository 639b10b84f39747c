using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VNetAtria.Optimisation;

/// <summary>
/// Adam (Kingma and Ba, arXiv:1412.6980) as torch.optim.Adam computes it in PyTorch 1.13 (single-tensor path, no
/// amsgrad, no maximize): per parameter, in this order,
/// <code>
/// t += 1;  g = grad (+ weight_decay * p)
/// m = m * beta1 + (1 - beta1) * g;  v = v * beta2 + (1 - beta2) * g * g
/// denom = sqrt(v) / sqrt(1 - beta2^t) + eps;  p = p - (lr / (1 - beta1^t)) * m / denom
/// </code>
/// with the same in-place tensor operations, so float64 results match PyTorch's to rounding and float32 results match
/// TorchSharp's Adam bit for bit. Unlike TorchSharp's Adam.step, it makes no temporary <see cref="Scalar"/>: the
/// constants are fields and the per-step coefficients are disposed after the native calls that read them, so a
/// finaliser can never free a scalar libtorch is still reading (dotnet/TorchSharp#1434). Parameters without a gradient
/// are skipped and keep their step count, as in PyTorch. The state saves in TorchSharp's Adam.save_state_dict format
/// (<see cref="Save"/>, <see cref="Load"/>), so checkpoints written before this class existed still resume.
/// </summary>
public sealed class AdamOptimiser : IDisposable
{
    private readonly AdamParameterState[] _states;
    private readonly Scalar _beta1;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _eps;
    private readonly Scalar _weightDecay;
    private readonly Scalar _one;
    private double _learningRate;
    private bool _disposed;

    /// <summary>Creates the optimiser with zero moments for <paramref name="parameters"/> (named, e.g. a module's named_parameters()).</summary>
    /// <exception cref="ArgumentException">No parameters, a parameter listed twice, or an invalid option (the message names it).</exception>
    public AdamOptimiser(IEnumerable<(string Name, Parameter Parameter)> parameters, AdamOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("Adam got an empty parameter list; pass the model's parameters.", nameof(parameters));
        var seen = new HashSet<IntPtr>();
        foreach (var (name, parameter) in list)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            if (!seen.Add(parameter.Handle)) throw new ArgumentException($"Adam got parameter '{name}' twice; each parameter may appear once.", nameof(parameters));
        }
        _states = list.Select(p => new AdamParameterState(p.Name, p.Parameter)).ToArray();
        _learningRate = Options.LearningRate;
        InitialLearningRate = Options.LearningRate;
        _beta1 = Options.Beta1.ToScalar();
        _oneMinusBeta1 = (1 - Options.Beta1).ToScalar();
        _beta2 = Options.Beta2.ToScalar();
        _oneMinusBeta2 = (1 - Options.Beta2).ToScalar();
        _eps = Options.Eps.ToScalar();
        _weightDecay = Options.WeightDecay.ToScalar();
        _one = 1.0.ToScalar();
    }

    /// <summary>Creates the optimiser for unnamed parameters (named "parameter 0", "parameter 1", ... in messages).</summary>
    public AdamOptimiser(IEnumerable<Parameter> parameters, AdamOptions options)
        : this((parameters ?? throw new ArgumentNullException(nameof(parameters))).Select((p, i) => ($"parameter {i}", p)), options)
    {
    }

    /// <summary>The validated options (their learning rate is the initial one).</summary>
    public AdamOptions Options { get; }

    /// <summary>The learning rate of the next <see cref="Step"/> (a scheduler may change it between steps).</summary>
    /// <exception cref="ArgumentException">Set to a negative or non-finite value.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            AdamOptions.CheckLearningRate(value);
            _learningRate = value;
        }
    }

    /// <summary>The learning rate the optimiser started with (kept in the saved state, as TorchSharp's InitialLearningRate).</summary>
    public double InitialLearningRate { get; internal set; }

    /// <summary>The per-parameter state, in parameter order.</summary>
    public IReadOnlyList<AdamParameterState> State => _states;

    /// <summary>Updates every parameter that has a gradient, in place, without recording autograd history.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var noGrad = no_grad();
        foreach (var state in _states)
        {
            using var scope = NewDisposeScope();
            var grad = state.Parameter.grad;
            if (grad is null) continue;
            state.Step++;
            // PyTorch keeps the step as a float tensor and raises the betas to step.item(), a double.
            var step = (double)state.Step;
            var biasCorrection1 = 1 - Math.Pow(Options.Beta1, step);
            var biasCorrection2 = 1 - Math.Pow(Options.Beta2, step);
            var stepSize = _learningRate / biasCorrection1;
            if (Options.WeightDecay != 0) grad = grad.add(state.Parameter, _weightDecay);
            state.ExpAvg.mul_(_beta1).add_(grad, _oneMinusBeta1);
            state.ExpAvgSq.mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            using var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2).ToScalar();
            using var negativeStepSize = (-stepSize).ToScalar();
            var denominator = state.ExpAvgSq.sqrt().div_(biasCorrection2Sqrt).add_(_eps, _one);
            state.Parameter.addcdiv_(state.ExpAvg, denominator, negativeStepSize);
        }
    }

    /// <summary>Zeroes every parameter's gradient in place (torch.optim.Optimizer.zero_grad(set_to_none=False)).</summary>
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var state in _states)
        {
            using var grad = state.Parameter.grad;
            grad?.zero_();
        }
    }

    /// <summary>Writes the state (learning rates, options, step counts and moments) in TorchSharp's Adam.save_state_dict layout.</summary>
    public void Save(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AdamStateFormat.Write(writer, this);
    }

    /// <summary>
    /// Reads a state written by <see cref="Save"/> or by TorchSharp's Adam.save_state_dict for the same parameters, and
    /// adopts its learning rate. Nothing changes when it throws.
    /// </summary>
    /// <exception cref="InvalidDataException">The state is not Adam's, is truncated, or does not fit these parameters or options (the message says which and why).</exception>
    public void Load(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AdamStateFormat.Read(reader, this);
    }

    /// <summary>Frees the moments and the held scalars (the parameters stay the caller's).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var state in _states) state.Dispose();
        foreach (var scalar in new[] { _beta1, _oneMinusBeta1, _beta2, _oneMinusBeta2, _eps, _weightDecay, _one }) scalar.Dispose();
    }
}
