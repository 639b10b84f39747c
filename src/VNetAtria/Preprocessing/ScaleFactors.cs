using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>
/// A per-axis scale factor (output size / input size), (D, H, W): the locator's (the original used (0.5, 0.25, 0.25):
/// a 96x640x640 canvas becomes 48x160x160) and the segmenter's input scale (the same factor on every axis).
/// </summary>
/// <param name="D">Scale along depth.</param>
/// <param name="H">Scale along height.</param>
/// <param name="W">Scale along width.</param>
public sealed record ScaleFactors(double D, double H, double W)
{
    /// <summary>The same factor <paramref name="s"/> on every axis.</summary>
    public static ScaleFactors Uniform(double s) => new(s, s, s);

    /// <summary>The original locator's (0.5, 0.25, 0.25).</summary>
    public static ScaleFactors Lasc { get; } = new(0.5, 0.25, 0.25);

    /// <summary>The factor along axis 0 (D), 1 (H) or 2 (W).</summary>
    public double this[int axis] => axis switch
    {
        0 => D,
        1 => H,
        2 => W,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0 (D), 1 (H) or 2 (W)."),
    };

    /// <summary>Checks every factor is finite and in (0, 1] (the locator only ever downscales).</summary>
    /// <exception cref="PreprocessingException">A factor is out of range (names it).</exception>
    public ScaleFactors Validated()
    {
        for (var a = 0; a < 3; a++)
        {
            if (!double.IsFinite(this[a]) || this[a] <= 0 || this[a] > 1)
                throw new PreprocessingException(
                    $"Locator scale: the factor {this[a]} on axis {CanonicalPadding.AxisName(a)} must be in (0, 1] (output size / input size), e.g. 0.5,0.25,0.25 as the original.");
        }
        return this;
    }

    /// <summary>
    /// The downscaled shape: round(size * scale) per axis (half to even, as numpy's round that skimage's rescale
    /// and scipy's zoom use), at least 1.
    /// </summary>
    public Shape3 OutputShape(Shape3 input)
    {
        Validated();
        static int Scaled(int n, double s) => Math.Max(1, (int)Math.Round(n * s, MidpointRounding.ToEven));
        return new Shape3(Scaled(input.Depth, D), Scaled(input.Height, H), Scaled(input.Width, W));
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"({D:G6}, {H:G6}, {W:G6})");
}
