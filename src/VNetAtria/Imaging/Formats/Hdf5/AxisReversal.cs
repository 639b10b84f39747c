namespace VNetAtria.Imaging.Formats.Hdf5;

/// <summary>
/// The (2, 1, 0) transpose between the UA-MT files' (X, Y, Z) order and the library's (D, H, W) = (Z, Y, X).
/// For each middle index the work is a 2-D transpose of an (n0, n2) plane, done in square tiles so that
/// both the reads and the writes stay within a few cache lines (a plain loop strides one side by n1*n0).
/// The permutation is its own inverse: applying it to the result with the extents reversed restores the input.
/// </summary>
internal static class AxisReversal
{
    private const int Tile = 32;

    /// <summary>
    /// Writes <paramref name="source"/> of C-order shape (n0, n1, n2) into <paramref name="destination"/> with
    /// shape (n2, n1, n0): destination[c, b, a] = source[a, b, c].
    /// </summary>
    public static void Transpose<T>(ReadOnlySpan<T> source, int n0, int n1, int n2, Span<T> destination)
    {
        var count = (long)n0 * n1 * n2;
        if (source.Length != count || destination.Length != count)
            throw new ArgumentException($"Transpose of ({n0}, {n1}, {n2}) needs {count} elements; got source {source.Length}, destination {destination.Length}.");
        var srcStrideA = (long)n1 * n2; // source step for a
        var dstStrideC = (long)n1 * n0; // destination step for c
        for (var b = 0; b < n1; b++)
        {
            for (var a0 = 0; a0 < n0; a0 += Tile)
            {
                var a1 = Math.Min(a0 + Tile, n0);
                for (var c0 = 0; c0 < n2; c0 += Tile)
                {
                    var c1 = Math.Min(c0 + Tile, n2);
                    for (var a = a0; a < a1; a++)
                    {
                        var src = a * srcStrideA + (long)b * n2;
                        var dst = (long)b * n0 + a;
                        for (var c = c0; c < c1; c++)
                            destination[(int)(dst + c * dstStrideC)] = source[(int)(src + c)];
                    }
                }
            }
        }
    }
}
