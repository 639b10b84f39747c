namespace VNetAtria.Imaging;

/// <summary>An integer voxel index (or offset) in (D, H, W) order.</summary>
public readonly record struct Index3(int D, int H, int W)
{
    /// <summary>The origin index (0, 0, 0).</summary>
    public static Index3 Zero => default;

    /// <summary>Component along axis 0 (D), 1 (H) or 2 (W).</summary>
    public int this[int axis] => axis switch
    {
        0 => D,
        1 => H,
        2 => W,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0 (D), 1 (H) or 2 (W)."),
    };

    /// <summary>Component-wise sum.</summary>
    public static Index3 operator +(Index3 a, Index3 b) => new(a.D + b.D, a.H + b.H, a.W + b.W);

    /// <summary>Component-wise difference.</summary>
    public static Index3 operator -(Index3 a, Index3 b) => new(a.D - b.D, a.H - b.H, a.W - b.W);

    /// <inheritdoc />
    public override string ToString() => $"({D}, {H}, {W})";
}
