using System.Globalization;

namespace VNetAtria.Optimisation;

/// <summary>
/// Hyper-parameters of <see cref="AdamOptimiser"/>, with torch.optim.Adam's defaults (lr 1e-3, betas 0.9/0.999,
/// eps 1e-8, no weight decay) and its checks (PyTorch 1.13, torch/optim/adam.py).
/// </summary>
public sealed record AdamOptions
{
    /// <summary>The initial learning rate (settable per step on the optimiser).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay of the first-moment (mean gradient) running average.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay of the second-moment (squared gradient) running average.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected root of the second moment, so the step never divides by zero.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>L2 penalty added to every gradient as <c>decay * weight</c> before the moments (not AdamW's decoupled decay).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option, its value and the valid range.</summary>
    public AdamOptions Validated()
    {
        CheckLearningRate(LearningRate);
        if (!(Beta1 >= 0 && Beta1 < 1)) throw Invalid(nameof(Beta1), Beta1, "in [0, 1) (PyTorch's default 0.9)");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw Invalid(nameof(Beta2), Beta2, "in [0, 1) (PyTorch's default 0.999)");
        if (!(Eps >= 0) || double.IsInfinity(Eps)) throw Invalid(nameof(Eps), Eps, "a finite number >= 0 (PyTorch's default 1e-8)");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw Invalid(nameof(WeightDecay), WeightDecay, "a finite number >= 0 (0 = no weight decay)");
        return this;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="learningRate"/> is a finite number &gt;= 0.</summary>
    internal static void CheckLearningRate(double learningRate)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
            throw Invalid(nameof(LearningRate), learningRate, "a finite number >= 0");
    }

    private static ArgumentException Invalid(string name, double value, string expected) =>
        new($"Adam option {name} must be {expected}, found {value.ToString("R", CultureInfo.InvariantCulture)}.", name);
}
