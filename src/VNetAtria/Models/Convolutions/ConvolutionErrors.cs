using System.Globalization;

namespace VNetAtria.Models.Convolutions;

/// <summary>
/// The worst relative errors of a float32 convolution path against the float64 reference: max |a - ref| / max |ref|
/// for the output, the input gradient and the weight gradient (bias gradient included). Infinity when a result held
/// NaN or infinity. Correct float32 kernels stay near 1e-6; the oneDNN fault this guards against is 0.2-0.7 or NaN.
/// </summary>
/// <param name="Forward">Error of the output.</param>
/// <param name="InputGradient">Error of the gradient with respect to the input.</param>
/// <param name="WeightGradient">Error of the gradients with respect to the weight and the bias.</param>
public sealed record ConvolutionErrors(double Forward, double InputGradient, double WeightGradient)
{
    /// <summary>The largest error accepted as correct: float32 rounding is ~1e-6 here, so 1e-4 leaves a wide margin.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>No error measured yet (the identity of <see cref="Max"/>).</summary>
    public static ConvolutionErrors None { get; } = new(0, 0, 0);

    /// <summary>True when every result <paramref name="use"/> needs is within <see cref="Tolerance"/>.</summary>
    public bool Passes(ConvolutionUse use) =>
        Within(Forward)
        && (!use.HasFlag(ConvolutionUse.InputGradient) || Within(InputGradient))
        && (!use.HasFlag(ConvolutionUse.WeightGradient) || Within(WeightGradient));

    /// <summary>The element-wise worst of two measurements.</summary>
    public ConvolutionErrors Max(ConvolutionErrors other) =>
        new(Worst(Forward, other.Forward), Worst(InputGradient, other.InputGradient), Worst(WeightGradient, other.WeightGradient));

    /// <summary>"fwd 1.2e-06, dx 3.4e-01 (wrong), dw 5.6e-07".</summary>
    public override string ToString() =>
        $"fwd {Format(Forward)}, dx {Format(InputGradient)}, dw {Format(WeightGradient)}";

    /// <summary>One error for a table: "1.2e-06", "0.34 WRONG", "NaN/Inf WRONG".</summary>
    public static string Format(double error) =>
        double.IsPositiveInfinity(error) ? "NaN/Inf WRONG"
        : Within(error) ? error.ToString("0.0e+00", CultureInfo.InvariantCulture)
        : error.ToString("0.00", CultureInfo.InvariantCulture) + " WRONG";

    private static bool Within(double error) => error <= Tolerance;

    private static double Worst(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.PositiveInfinity : Math.Max(a, b);
}
