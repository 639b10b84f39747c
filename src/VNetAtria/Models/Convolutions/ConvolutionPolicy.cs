namespace VNetAtria.Models.Convolutions;

/// <summary>Whether and how CPU convolutions are checked and routed.</summary>
public enum ConvolutionCheckMode
{
    /// <summary>Check each shape once per machine (cached) and route the faulty ones to a correct path (the default).</summary>
    Auto,

    /// <summary>As <see cref="Auto"/>, but ignore and rewrite the cache.</summary>
    Recheck,

    /// <summary>No checks: libtorch's default path everywhere (results may be wrong on affected CPUs).</summary>
    Off,
}

/// <summary>
/// The routing policy: the check mode, and optionally a path forced onto every shape whose channels leave a partly
/// filled oneDNN block (to measure the candidate paths side by side on any machine, or to work around a fault the
/// battery misses). Read from VNETATRIA_CONVOLUTION_CHECK (auto | recheck | off) and VNETATRIA_CONVOLUTION_PATH
/// (onednn | padded | without-onednn) unless set in code.
/// </summary>
/// <param name="Check">The check mode.</param>
/// <param name="ForcedPath">A path for every partly-blocked shape regardless of the battery, or null.</param>
public sealed record ConvolutionPolicy(ConvolutionCheckMode Check, ConvolutionPath? ForcedPath = null)
{
    /// <summary>Checks on, nothing forced.</summary>
    public static ConvolutionPolicy Default { get; } = new(ConvolutionCheckMode.Auto);

    /// <summary>The policy the environment asks for; throws <see cref="ArgumentException"/> naming the variable for a bad value.</summary>
    public static ConvolutionPolicy FromEnvironment() =>
        new(ParseCheck(Environment.GetEnvironmentVariable("VNETATRIA_CONVOLUTION_CHECK")),
            ParsePath(Environment.GetEnvironmentVariable("VNETATRIA_CONVOLUTION_PATH")));

    /// <summary>auto | recheck | off (empty: auto).</summary>
    public static ConvolutionCheckMode ParseCheck(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ConvolutionCheckMode.Auto,
        "recheck" => ConvolutionCheckMode.Recheck,
        "off" => ConvolutionCheckMode.Off,
        _ => throw new ArgumentException($"VNETATRIA_CONVOLUTION_CHECK is '{value}'; expected auto, recheck or off."),
    };

    /// <summary>auto | onednn | padded | without-onednn (empty or auto: null, the battery decides).</summary>
    public static ConvolutionPath? ParsePath(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "onednn" => ConvolutionPath.OneDnn,
        "padded" => ConvolutionPath.ChannelPadded,
        "without-onednn" => ConvolutionPath.WithoutOneDnn,
        _ => throw new ArgumentException($"The convolution path '{value}' is unknown; expected auto, onednn, padded or without-onednn (VNETATRIA_CONVOLUTION_PATH or --convolution-path)."),
    };

    /// <summary>The option spelling of a path (onednn, padded, without-onednn).</summary>
    public static string Name(ConvolutionPath path) => path switch
    {
        ConvolutionPath.OneDnn => "onednn",
        ConvolutionPath.ChannelPadded => "padded",
        _ => "without-onednn",
    };
}
