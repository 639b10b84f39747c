using System.Globalization;

namespace VNetAtria.Synthetic;

/// <summary>A closed interval [<see cref="Min"/>, <see cref="Max"/>] from which a phantom parameter is drawn uniformly.</summary>
public readonly record struct ValueRange(double Min, double Max)
{
    /// <summary>The degenerate range holding one value.</summary>
    public static ValueRange Exactly(double value) => new(value, value);

    /// <summary>True when both ends are finite and <see cref="Min"/> is at most <see cref="Max"/>.</summary>
    public bool IsValid => double.IsFinite(Min) && double.IsFinite(Max) && Min <= Max;

    /// <summary>True when the range is valid and lies within [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public bool IsWithin(double lower, double upper) => IsValid && Min >= lower && Max <= upper;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{Min:G6}, {Max:G6}]");
}
