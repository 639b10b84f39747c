namespace VNetAtria.Imaging;

/// <summary>Voxel spacing in millimetres along the array axes, in (D, H, W) order.</summary>
public readonly record struct Spacing3(double D, double H, double W)
{
    /// <summary>Unit spacing (1 mm on every axis).</summary>
    public static Spacing3 One => new(1, 1, 1);

    /// <summary>The LASC 2018 challenge's isotropic 0.625 mm.</summary>
    public static Spacing3 Lasc => new(0.625, 0.625, 0.625);

    /// <summary>Spacing along axis 0 (D), 1 (H) or 2 (W).</summary>
    public double this[int axis] => axis switch
    {
        0 => D,
        1 => H,
        2 => W,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0 (D), 1 (H) or 2 (W)."),
    };

    /// <summary>True when every spacing is finite and positive.</summary>
    public bool IsValid => double.IsFinite(D) && double.IsFinite(H) && double.IsFinite(W) && D > 0 && H > 0 && W > 0;

    /// <summary>Parses "D,H,W" in millimetres (invariant culture).</summary>
    public static Spacing3 Parse(string text)
    {
        var parts = text.Split([',', 'x', 'X'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length != 3 || !double.TryParse(parts[0], ci, out var d) || !double.TryParse(parts[1], ci, out var h) || !double.TryParse(parts[2], ci, out var w))
            throw new FormatException($"Spacing '{text}' is not of the form D,H,W in mm (e.g. 0.625,0.625,0.625).");
        var s = new Spacing3(d, h, w);
        if (!s.IsValid)
            throw new FormatException($"Spacing '{text}' must be finite and positive on every axis.");
        return s;
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{D:G6}x{H:G6}x{W:G6} mm");
}
