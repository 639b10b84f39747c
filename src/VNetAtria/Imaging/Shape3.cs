namespace VNetAtria.Imaging;

/// <summary>
/// The size of a 3D array in the library's axis order: depth (slices), height (rows), width (columns).
/// Voxels are stored in C order, width fastest: index = (d * H + h) * W + w.
/// NRRD and NIfTI store x fastest, so their sizes read (W, H, D).
/// </summary>
public readonly record struct Shape3(int Depth, int Height, int Width)
{
    /// <summary>Number of voxels, computed without overflow.</summary>
    public long VoxelCount => (long)Depth * Height * Width;

    /// <summary>True when every extent is positive.</summary>
    public bool IsPositive => Depth > 0 && Height > 0 && Width > 0;

    /// <summary>Linear C-order offset of (d, h, w).</summary>
    public long Offset(int d, int h, int w) => ((long)d * Height + h) * Width + w;

    /// <summary>Extent along axis 0 (D), 1 (H) or 2 (W).</summary>
    public int this[int axis] => axis switch
    {
        0 => Depth,
        1 => Height,
        2 => Width,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, "Axis must be 0 (D), 1 (H) or 2 (W)."),
    };

    /// <summary>The shape as a TorchSharp-style dimension array (D, H, W).</summary>
    public long[] ToLongArray() => [Depth, Height, Width];

    /// <summary>Checks that all extents are positive and the voxel count fits a .NET array.</summary>
    public Shape3 Validated(string what)
    {
        if (!IsPositive)
            throw new ArgumentException($"{what}: shape {this} must have positive extents on every axis.");
        if (VoxelCount > Array.MaxLength)
            throw new ArgumentException($"{what}: shape {this} has {VoxelCount} voxels, more than one array can hold ({Array.MaxLength}).");
        return this;
    }

    /// <summary>Parses "D,H,W" or "DxHxW".</summary>
    public static Shape3 Parse(string text)
    {
        var parts = text.Split([',', 'x', 'X'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !int.TryParse(parts[0], out var d) || !int.TryParse(parts[1], out var h) || !int.TryParse(parts[2], out var w))
            throw new FormatException($"Shape '{text}' is not of the form D,H,W (three integers, e.g. 88,640,640).");
        return new Shape3(d, h, w);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Depth}x{Height}x{Width}";
}
