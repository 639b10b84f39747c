namespace VNetAtria.Losses;

/// <summary>How the Hybrid loss's region weight alpha evolves over epochs.</summary>
public enum AlphaScheduleKind
{
    /// <summary>alpha stays at its start value.</summary>
    Constant,
    /// <summary>
    /// The original's: alpha starts at 1 and after each epoch drops by 0.01 while alpha - 0.1 &gt;= 0.05 (checked
    /// before each drop, in double arithmetic as the original), so it ends near 0.15.
    /// </summary>
    Original,
    /// <summary>Kervadec's "rebalance": the region weight drops by the step each epoch to a floor (0.1), the boundary weight takes what it loses.</summary>
    Rebalance,
}

/// <summary>
/// The Hybrid loss's weight schedule: loss = alpha * region + (1 - alpha) * boundary. Alpha is a pure function of
/// the number of completed epochs, so a checkpoint that records the epoch (and, for checking, alpha) resumes it exactly.
/// </summary>
public sealed record AlphaSchedule
{
    /// <summary>The kind of schedule.</summary>
    public AlphaScheduleKind Kind { get; init; } = AlphaScheduleKind.Original;

    /// <summary>Alpha before any drop (1 in the original).</summary>
    public double Start { get; init; } = 1.0;

    /// <summary>Change per epoch (0.01).</summary>
    public double Step { get; init; } = 0.01;

    /// <summary>Lowest alpha for <see cref="AlphaScheduleKind.Rebalance"/> (0.1).</summary>
    public double Floor { get; init; } = 0.1;

    /// <summary>Completed epochs before the first drop (0: drops start after the first epoch).</summary>
    public int StartEpoch { get; init; }

    /// <summary>The original's schedule.</summary>
    public static AlphaSchedule Original { get; } = new();

    /// <summary>A constant alpha.</summary>
    public static AlphaSchedule Constant(double alpha) => new() { Kind = AlphaScheduleKind.Constant, Start = alpha };

    /// <summary>Alpha for the epoch that follows <paramref name="completedEpochs"/> completed epochs.</summary>
    public double AlphaAfter(int completedEpochs)
    {
        if (completedEpochs < 0) throw new ArgumentOutOfRangeException(nameof(completedEpochs), completedEpochs, "must be >= 0");
        var drops = Math.Max(0, completedEpochs - StartEpoch);
        switch (Kind)
        {
            case AlphaScheduleKind.Constant:
                return Start;
            case AlphaScheduleKind.Rebalance:
                return Math.Max(Floor, Start - Step * drops);
            default:
                // Replays the original's repeated subtraction so the values agree to the last bit.
                var alpha = Start;
                for (var i = 0; i < drops; i++)
                    if (alpha - 0.1 >= 0.05) alpha -= Step;
                return alpha;
        }
    }

    /// <summary>Throws naming the bad field.</summary>
    public AlphaSchedule Validated()
    {
        if (Start is < 0 or > 1) throw new ArgumentException($"Alpha schedule Start must be in [0, 1], found {Start}.");
        if (Step < 0) throw new ArgumentException($"Alpha schedule Step must be >= 0, found {Step}.");
        if (Floor is < 0 or > 1) throw new ArgumentException($"Alpha schedule Floor must be in [0, 1], found {Floor}.");
        if (StartEpoch < 0) throw new ArgumentException($"Alpha schedule StartEpoch must be >= 0, found {StartEpoch}.");
        return this;
    }
}
