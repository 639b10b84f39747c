namespace VNetAtria.Experiments;

/// <summary>How probabilities become a mask at prediction time.</summary>
public sealed record PredictionConfig
{
    /// <summary>The value of <see cref="Threshold"/> that reproduces the original (also written "original" in a config).</summary>
    public const double OriginalThreshold = 1.0;

    /// <summary>
    /// Foreground where sigmoid probability &gt;= this: 0.5 (ours), or 1.0 (the word "original" is accepted) to
    /// reproduce the original, which zeroed everything below probability 1.0 (docs/original-pipeline.md,
    /// "Prediction and metrics").
    /// </summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>
    /// Keep only the largest connected component of the mask: true or false force it (the original did not); null
    /// (the default) decides on the validation cases after training: the run evaluates both and keeps the
    /// post-processing when it helps (postprocessing.json, <see cref="Pipeline.PostProcessingChoice"/>).
    /// </summary>
    public bool? LargestComponent { get; init; }

    /// <summary>Sliding-window inference over the crop instead of one pass (off: the original's one pass).</summary>
    public SlidingWindowConfig SlidingWindow { get; init; } = new();

    /// <summary>Test-time augmentation: the axes (0 D, 1 H, 2 W) whose flips are averaged with the plain pass; empty for none.</summary>
    public int[] TtaFlips { get; init; } = [];

    internal void Validate(string path, ConfigProblems p)
    {
        if (!(Threshold > 0 && Threshold <= 1))
            p.Add(path + ".threshold", $"must be in (0, 1], found {ConfigProblems.Format(Threshold)} (0.5; 1.0 reproduces the original)");
        if (SlidingWindow.Enabled)
        {
            if (p.Length(path + ".slidingWindow.patch", SlidingWindow.Patch, 3, "[96, 144, 224]"))
                for (var a = 0; a < 3; a++)
                    if (SlidingWindow.Patch[a] < 16 || SlidingWindow.Patch[a] % 16 != 0)
                        p.Add($"{path}.slidingWindow.patch[{a}]", $"must be a positive multiple of 16 (the VNet's four stride-2 stages), found {SlidingWindow.Patch[a]}");
        }
        if (!(SlidingWindow.Overlap >= 0 && SlidingWindow.Overlap < 1))
            p.Add(path + ".slidingWindow.overlap", $"must be in [0, 1), found {ConfigProblems.Format(SlidingWindow.Overlap)}");
        foreach (var axis in TtaFlips)
            if (axis is < 0 or > 2) p.Add(path + ".ttaFlips", $"axis {axis} must be 0 (D), 1 (H) or 2 (W)");
        if (TtaFlips.Distinct().Count() != TtaFlips.Length) p.Add(path + ".ttaFlips", "lists an axis twice");
    }
}

/// <summary>Sliding-window inference settings.</summary>
public sealed record SlidingWindowConfig
{
    /// <summary>Whether to slide a window (off by default).</summary>
    public bool Enabled { get; init; }

    /// <summary>The window (D, H, W), multiples of 16 (the original README's patch 96x144x224).</summary>
    public int[] Patch { get; init; } = [96, 144, 224];

    /// <summary>Fraction of a window shared with its neighbour on each axis (0.5), outputs averaged where windows overlap.</summary>
    public double Overlap { get; init; } = 0.5;
}
