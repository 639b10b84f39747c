namespace VNetAtria.Imaging;

/// <summary>
/// An axis-aligned box of voxels: <see cref="Start"/> inclusive, <see cref="Size"/> voxels along each axis,
/// in (D, H, W) order. The start may be negative or the box may reach past a volume (padding crops).
/// </summary>
public readonly record struct Box3(Index3 Start, Shape3 Size)
{
    /// <summary>Exclusive end index.</summary>
    public Index3 End => new(Start.D + Size.Depth, Start.H + Size.Height, Start.W + Size.Width);

    /// <summary>A box from inclusive start and exclusive end indices.</summary>
    public static Box3 FromStartEnd(Index3 start, Index3 endExclusive) =>
        new(start, new Shape3(endExclusive.D - start.D, endExclusive.H - start.H, endExclusive.W - start.W));

    /// <summary>The whole of a volume of the given shape.</summary>
    public static Box3 Whole(Shape3 shape) => new(Index3.Zero, shape);

    /// <summary>True when the box lies entirely inside a volume of the given shape.</summary>
    public bool IsInside(Shape3 shape) =>
        Start.D >= 0 && Start.H >= 0 && Start.W >= 0 &&
        End.D <= shape.Depth && End.H <= shape.Height && End.W <= shape.Width;

    /// <summary>True when the box contains the index.</summary>
    public bool Contains(Index3 i) =>
        i.D >= Start.D && i.D < End.D && i.H >= Start.H && i.H < End.H && i.W >= Start.W && i.W < End.W;

    /// <summary>The overlap of two boxes; its size is zero on an axis where they do not meet.</summary>
    public Box3 Intersect(Box3 other)
    {
        var s = new Index3(Math.Max(Start.D, other.Start.D), Math.Max(Start.H, other.Start.H), Math.Max(Start.W, other.Start.W));
        var e = new Index3(Math.Min(End.D, other.End.D), Math.Min(End.H, other.End.H), Math.Min(End.W, other.End.W));
        return new Box3(s, new Shape3(Math.Max(0, e.D - s.D), Math.Max(0, e.H - s.H), Math.Max(0, e.W - s.W)));
    }

    /// <inheritdoc />
    public override string ToString() => $"[{Start.D}:{End.D}, {Start.H}:{End.H}, {Start.W}:{End.W}]";
}
