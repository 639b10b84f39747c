namespace VNetAtria.Models;

/// <summary>The non-linearity after every convolution.</summary>
public enum VNetActivation
{
    /// <summary>PReLU with one slope per channel, initialised to 0.25 (the original's default).</summary>
    PReLU,
    /// <summary>ELU (alpha 1), parameter-free (the original's `prelu=False`).</summary>
    ELU,
}

/// <summary>
/// Architecture options of the VNet (docs/original-pipeline.md, "VNet"). Defaults reproduce the original:
/// num_layers 1, PReLU, dilation 1, no attention, base width 8 (channels 8-16-32-64-128).
/// </summary>
public sealed record VNetOptions
{
    /// <summary>ConvLayers per transition: n in input/down16/down32/up32/up16, n + 1 in down64/down128/up128/up64. Original default 1; 2 is the "increased conv. filters" row (16.2 M parameters).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>PReLU (default) or ELU.</summary>
    public VNetActivation Activation { get; init; } = VNetActivation.PReLU;

    /// <summary>Dilation of the 5x5x5 convolutions of the input and down transitions (the original's `--dilation`); up transitions never dilate.</summary>
    public int Dilation { get; init; } = 1;

    /// <summary>Attention modules (BAM-like channel then spatial gate) after the input and down transitions.</summary>
    public bool Attention { get; init; }

    /// <summary>Channel reduction ratio of the attention gates (4 in the original).</summary>
    public int AttentionReduction { get; init; } = 4;

    /// <summary>Dilation of the spatial gate's two 3x3x3 convolutions (fixed at 4 in the original code; the README's rows say 3 or 4).</summary>
    public int AttentionDilation { get; init; } = 4;

    /// <summary>Channels after the input transition; later stages double it (8 in the original).</summary>
    public int BaseWidth { get; init; } = 8;

    /// <summary>The original configuration (10,759,306 parameters).</summary>
    public static VNetOptions Original { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public VNetOptions Validated()
    {
        if (NumLayers < 1) throw new ArgumentException($"VNet option NumLayers must be at least 1, found {NumLayers}.");
        if (Dilation < 1) throw new ArgumentException($"VNet option Dilation must be at least 1, found {Dilation}.");
        if (AttentionDilation < 1) throw new ArgumentException($"VNet option AttentionDilation must be at least 1, found {AttentionDilation}.");
        if (BaseWidth < 1) throw new ArgumentException($"VNet option BaseWidth must be at least 1, found {BaseWidth}.");
        if (AttentionReduction < 1) throw new ArgumentException($"VNet option AttentionReduction must be at least 1, found {AttentionReduction}.");
        if (Attention && BaseWidth / AttentionReduction < 1)
            throw new ArgumentException($"VNet option BaseWidth {BaseWidth} is too small for attention reduction {AttentionReduction}: the gates need at least one channel (BaseWidth >= AttentionReduction).");
        return this;
    }
}
