using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VNetAtria.Optimisation;

/// <summary>
/// Adam's state for one parameter: its step count and the running first and second moments (torch.optim.Adam's
/// state['step'], state['exp_avg'], state['exp_avg_sq']). The tensors belong to the optimiser: read them, never dispose them.
/// </summary>
public sealed class AdamParameterState
{
    internal AdamParameterState(string name, Parameter parameter)
    {
        Name = name;
        Parameter = parameter;
        using var noGrad = no_grad();
        ExpAvg = zeros_like(parameter).DetachFromDisposeScope();
        ExpAvgSq = zeros_like(parameter).DetachFromDisposeScope();
    }

    /// <summary>The parameter's name (its state_dict key, or "parameter N" when none was given).</summary>
    public string Name { get; }

    /// <summary>The parameter updated in place.</summary>
    public Parameter Parameter { get; }

    /// <summary>Steps taken for this parameter (a step without a gradient does not count, as PyTorch).</summary>
    public long Step { get; internal set; }

    /// <summary>The running average of the gradient.</summary>
    public Tensor ExpAvg { get; }

    /// <summary>The running average of the squared gradient.</summary>
    public Tensor ExpAvgSq { get; }

    internal void Dispose()
    {
        ExpAvg.Dispose();
        ExpAvgSq.Dispose();
    }
}
