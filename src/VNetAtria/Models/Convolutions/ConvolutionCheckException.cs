namespace VNetAtria.Models.Convolutions;

/// <summary>No convolution path computes a shape correctly on this machine (or the check could not run).</summary>
public sealed class ConvolutionCheckException(string message) : Exception(message);
