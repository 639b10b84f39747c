namespace VNetAtria.Training;

/// <summary>
/// Options of <see cref="ReduceLROnPlateau"/> (mode "min", threshold mode "rel" as the original). Defaults are PyTorch's
/// except factor and patience, which are the original segmenters' (0.8, 7); the original locator used 0.85 and 15
/// (<see cref="Locator"/>).
/// </summary>
public sealed record ReduceLROnPlateauOptions
{
    /// <summary>Multiplier applied to the learning rate on a plateau (0 &lt; factor &lt; 1). Original segmenters: 0.8.</summary>
    public double Factor { get; init; } = 0.8;

    /// <summary>Steps without improvement tolerated before the rate drops. Original segmenters: 7.</summary>
    public int Patience { get; init; } = 7;

    /// <summary>Relative improvement needed to count as better (PyTorch default 1e-4).</summary>
    public double Threshold { get; init; } = 1e-4;

    /// <summary>Steps to wait after a reduction before counting bad steps again (PyTorch default 0).</summary>
    public int Cooldown { get; init; }

    /// <summary>Lower bound of the learning rate (PyTorch default 0).</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Smallest change applied; smaller reductions are ignored (PyTorch default 1e-8).</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>The original segmenters' settings (factor 0.8, patience 7).</summary>
    public static ReduceLROnPlateauOptions Segmenter { get; } = new();

    /// <summary>The original locator's settings (factor 0.85, patience 15).</summary>
    public static ReduceLROnPlateauOptions Locator { get; } = new() { Factor = 0.85, Patience = 15 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public ReduceLROnPlateauOptions Validated()
    {
        if (!(Factor > 0 && Factor < 1)) throw new ArgumentException($"Plateau option Factor must be in (0, 1), found {Factor}.");
        if (Patience < 0) throw new ArgumentException($"Plateau option Patience must be >= 0, found {Patience}.");
        if (!(Threshold >= 0 && Threshold < 1)) throw new ArgumentException($"Plateau option Threshold must be in [0, 1), found {Threshold}.");
        if (Cooldown < 0) throw new ArgumentException($"Plateau option Cooldown must be >= 0, found {Cooldown}.");
        if (!(MinLearningRate >= 0)) throw new ArgumentException($"Plateau option MinLearningRate must be >= 0, found {MinLearningRate}.");
        if (!(Eps >= 0)) throw new ArgumentException($"Plateau option Eps must be >= 0, found {Eps}.");
        return this;
    }
}
