using VNetAtria.Imaging;

namespace VNetAtria.Models;

/// <summary>The VNet's four stride-2 stages need every input extent divisible by 16.</summary>
public static class VNetInputSize
{
    /// <summary>The divisor every extent must be a multiple of.</summary>
    public const int Multiple = 16;

    /// <summary>True when every extent is a positive multiple of 16.</summary>
    public static bool IsValid(Shape3 shape) =>
        shape.IsPositive && shape.Depth % Multiple == 0 && shape.Height % Multiple == 0 && shape.Width % Multiple == 0;

    /// <summary>The smallest valid shape at least as large as <paramref name="shape"/> (what padding reaches).</summary>
    public static Shape3 RoundUp(Shape3 shape) => new(Up(shape.Depth), Up(shape.Height), Up(shape.Width));

    /// <summary>The largest valid shape no larger than <paramref name="shape"/> (what cropping reaches; at least 16).</summary>
    public static Shape3 RoundDown(Shape3 shape) => new(Down(shape.Depth), Down(shape.Height), Down(shape.Width));

    /// <summary>Throws an <see cref="ArgumentException"/> naming the nearest valid sizes when <paramref name="shape"/> is invalid.</summary>
    public static void Validate(Shape3 shape)
    {
        if (IsValid(shape)) return;
        var bad = string.Join(", ", new[] { ("D", shape.Depth), ("H", shape.Height), ("W", shape.Width) }
            .Where(a => a.Item2 <= 0 || a.Item2 % Multiple != 0).Select(a => $"{a.Item1}={a.Item2}"));
        throw new ArgumentException(
            $"VNet input size {shape} is not divisible by {Multiple} on every axis ({bad}). " +
            $"Nearest valid sizes: {RoundDown(shape)} (crop) or {RoundUp(shape)} (pad, e.g. with VolumeOps.Pad or CanonicalPadding).");
    }

    private static int Up(int n) => Math.Max(Multiple, (n + Multiple - 1) / Multiple * Multiple);

    private static int Down(int n) => Math.Max(Multiple, n / Multiple * Multiple);
}
