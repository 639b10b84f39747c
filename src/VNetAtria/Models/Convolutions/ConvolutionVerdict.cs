namespace VNetAtria.Models.Convolutions;

/// <summary>What the battery measured for one representative shape on this machine: the errors of each path it tried.</summary>
/// <param name="Shape">The representative shape (<see cref="ConvolutionBattery.Representative"/>).</param>
/// <param name="Errors">Errors per path tried; paths are tried in order (oneDNN, channel padding, without oneDNN) until one is correct for training.</param>
public sealed record ConvolutionVerdict(ConvolutionShape Shape, IReadOnlyDictionary<ConvolutionPath, ConvolutionErrors> Errors)
{
    /// <summary>The order in which paths are preferred: fastest first (measured with `vnet-atria bench model --convolution-path`).</summary>
    public static IReadOnlyList<ConvolutionPath> Preference { get; } =
        [ConvolutionPath.OneDnn, ConvolutionPath.ChannelPadded, ConvolutionPath.WithoutOneDnn];

    /// <summary>The first preferred path whose results for <paramref name="use"/> are correct, or null when none is.</summary>
    public ConvolutionPath? PathFor(ConvolutionUse use) =>
        Preference.Where(p => Errors.TryGetValue(p, out var e) && e.Passes(use)).Select(p => (ConvolutionPath?)p).FirstOrDefault();

    /// <summary>True when the battery has tried enough paths to route every use (a path correct for training, or all tried).</summary>
    public bool IsComplete => PathFor(ConvolutionUse.Training) is not null || Preference.All(Errors.ContainsKey);
}
