namespace VNetAtria.Training;

/// <summary>
/// The complete state of a <see cref="ReduceLROnPlateau"/> scheduler, saved in checkpoints so a resumed run
/// lowers the learning rate at the same epochs as an uninterrupted one.
/// </summary>
/// <param name="LearningRate">The learning rate the optimiser uses now.</param>
/// <param name="Best">The best metric seen so far (+infinity before the first step, as PyTorch's mode "min").</param>
/// <param name="NumBadEpochs">Steps since the last improvement.</param>
/// <param name="CooldownCounter">Steps of cooldown left.</param>
/// <param name="LastEpoch">Number of steps taken.</param>
public sealed record ReduceLROnPlateauState(double LearningRate, double Best, int NumBadEpochs, int CooldownCounter, int LastEpoch);

/// <summary>
/// PyTorch's <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c> in mode "min" with threshold mode "rel", re-implemented
/// with explicit state (TorchSharp's scheduler keeps its counters private, so they could not be checkpointed).
/// Semantics, step by step as PyTorch 1.x/2.x: a metric m improves when m &lt; best * (1 - threshold); an improvement
/// resets the bad-epoch count, otherwise it grows by one; during cooldown the count is held at 0; when the count exceeds
/// <see cref="ReduceLROnPlateauOptions.Patience"/> the rate becomes max(lr * factor, min_lr), applied only when it changes by
/// more than eps, then cooldown starts and the count resets. A NaN metric never improves.
/// </summary>
public sealed class ReduceLROnPlateau
{
    /// <summary>Starts a scheduler at the optimiser's initial learning rate.</summary>
    public ReduceLROnPlateau(ReduceLROnPlateauOptions options, double initialLearningRate)
        : this(options, new ReduceLROnPlateauState(initialLearningRate, double.PositiveInfinity, 0, 0, 0))
    {
    }

    /// <summary>Continues a scheduler from a saved state.</summary>
    public ReduceLROnPlateau(ReduceLROnPlateauOptions options, ReduceLROnPlateauState state)
    {
        Options = options.Validated();
        State = state ?? throw new ArgumentNullException(nameof(state));
    }

    /// <summary>The options.</summary>
    public ReduceLROnPlateauOptions Options { get; }

    /// <summary>The current state (immutable; replaced on every step).</summary>
    public ReduceLROnPlateauState State { get; private set; }

    /// <summary>The learning rate to use now.</summary>
    public double LearningRate => State.LearningRate;

    /// <summary>Feeds one metric value (the validation Dice loss) and returns the learning rate to use next.</summary>
    public double Step(double metric)
    {
        var s = State;
        var best = s.Best;
        var bad = s.NumBadEpochs;
        var cooldown = s.CooldownCounter;
        var lr = s.LearningRate;

        // PyTorch's _is_better for mode "min", threshold mode "rel": a < best * (1 - threshold).
        if (metric < best * (1 - Options.Threshold))
        {
            best = metric;
            bad = 0;
        }
        else
        {
            bad++;
        }

        if (cooldown > 0)
        {
            cooldown--;
            bad = 0; // PyTorch ignores bad epochs during cooldown.
        }

        if (bad > Options.Patience)
        {
            var newLr = Math.Max(lr * Options.Factor, Options.MinLearningRate);
            if (lr - newLr > Options.Eps) lr = newLr;
            cooldown = Options.Cooldown;
            bad = 0;
        }

        State = new ReduceLROnPlateauState(lr, best, bad, cooldown, s.LastEpoch + 1);
        return lr;
    }
}
