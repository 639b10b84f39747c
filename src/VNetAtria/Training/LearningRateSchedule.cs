using System.Text.Json.Serialization;

namespace VNetAtria.Training;

/// <summary>How the learning rate changes during training.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>ReduceLROnPlateau on the validation Dice loss (the original's; <see cref="ReduceLROnPlateau"/>).</summary>
    Plateau,

    /// <summary>Linear warm-up, then nnU-Net's poly decay over the fixed budget: lr0 * (1 - t/T)^exponent.</summary>
    Poly,

    /// <summary>Linear warm-up, then half a cosine from lr0 down to the minimum over the fixed budget.</summary>
    Cosine,
}

/// <summary>
/// A learning-rate schedule over a fixed budget of optimiser steps (the epochs times the batches per epoch), as an
/// alternative to <see cref="ReduceLROnPlateau"/>. The rate is a pure function of the global step, so a checkpoint
/// that records the step (every checkpoint does) resumes the schedule exactly.
/// <para>
/// Step s (0-based: the step about to be taken) of T, with W warm-up steps:
/// s &lt; W: lr0 * (s + 1) / W (linear warm-up, never 0);
/// otherwise, with t = (s - W) / (T - W) in [0, 1):
/// poly: min + (lr0 - min) * (1 - t)^exponent (nnU-Net's PolyLRScheduler: initial_lr * (1 - epoch / max_epochs)^0.9, here per step);
/// cosine: min + (lr0 - min) * (1 + cos(pi t)) / 2.
/// The first step after the warm-up uses lr0 and the rate never reaches the minimum inside the budget.
/// </para>
/// </summary>
public sealed record LearningRateSchedule
{
    /// <summary>The schedule's shape.</summary>
    public LearningRateScheduleKind Kind { get; init; } = LearningRateScheduleKind.Poly;

    /// <summary>Epochs of linear warm-up at the start of the budget (0: none).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>The poly exponent (nnU-Net: 0.9).</summary>
    public double Exponent { get; init; } = 0.9;

    /// <summary>The rate the decay approaches at the end of the budget (0 as nnU-Net).</summary>
    public double MinLearningRate { get; init; }

    /// <summary>True for the budget schedules (poly, cosine), whose rate depends on the step, not on validation.</summary>
    [JsonIgnore]
    public bool UsesBudget => Kind != LearningRateScheduleKind.Plateau;

    /// <summary>
    /// The rate of step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>, with
    /// <paramref name="warmupSteps"/> steps of warm-up, starting from <paramref name="initial"/>.
    /// </summary>
    public double LearningRateAt(double initial, long step, long totalSteps, long warmupSteps)
    {
        if (!UsesBudget) throw new InvalidOperationException("The plateau schedule depends on validation results, not on the step; use ReduceLROnPlateau.");
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (warmupSteps < 0 || warmupSteps >= totalSteps)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Warm-up must leave steps to decay over: found {warmupSteps} warm-up steps of {totalSteps}.");
        if (step < warmupSteps) return initial * (step + 1) / warmupSteps;
        // Steps past the budget (a run extended on resume is refused, so only tests ask) keep the last rate.
        var t = Math.Min(step - warmupSteps, totalSteps - warmupSteps - 1) / (double)(totalSteps - warmupSteps);
        var floor = Math.Min(MinLearningRate, initial);
        var shape = Kind == LearningRateScheduleKind.Poly ? Math.Pow(1 - t, Exponent) : 0.5 * (1 + Math.Cos(Math.PI * t));
        return floor + (initial - floor) * shape;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public LearningRateSchedule Validated()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentException($"Schedule kind '{Kind}' is not one of Plateau, Poly, Cosine.");
        if (WarmupEpochs < 0) throw new ArgumentException($"Schedule option WarmupEpochs must be >= 0, found {WarmupEpochs}.");
        if (!(Exponent > 0) || !double.IsFinite(Exponent)) throw new ArgumentException($"Schedule option Exponent must be a positive number (nnU-Net: 0.9), found {Exponent}.");
        if (!(MinLearningRate >= 0) || !double.IsFinite(MinLearningRate)) throw new ArgumentException($"Schedule option MinLearningRate must be a finite number >= 0, found {MinLearningRate}.");
        return this;
    }
}
