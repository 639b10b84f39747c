using VNetAtria.Imaging;

namespace VNetAtria.Synthetic;

/// <summary>
/// A smooth random field: independent uniform [0, 1) values on a coarse grid of cells (a few mm) over the voxel
/// grid, interpolated with smooth-step weights (C1 across cells, no visible grid lines). Sampling a whole slice
/// costs two interpolations per voxel because it is done separably (D, then H per row, then W).
/// </summary>
internal sealed class CoarseField
{
    private readonly int _gd, _gh, _gw;
    private readonly double _invD, _invH, _invW;
    private readonly double[] _values;

    /// <summary>A field over a volume of <paramref name="shape"/> with cells of about <paramref name="cellMm"/> mm, values from <paramref name="random"/>.</summary>
    public CoarseField(Shape3 shape, Spacing3 spacing, double cellMm, PhantomRandom random)
    {
        // Cells per voxel along each axis; a cell is at least one voxel.
        double cd = Math.Max(cellMm / spacing.D, 1), ch = Math.Max(cellMm / spacing.H, 1), cw = Math.Max(cellMm / spacing.W, 1);
        (_invD, _invH, _invW) = (1 / cd, 1 / ch, 1 / cw);
        _gd = (int)((shape.Depth - 1) * _invD) + 2;
        _gh = (int)((shape.Height - 1) * _invH) + 2;
        _gw = (int)((shape.Width - 1) * _invW) + 2;
        _values = new double[(long)_gd * _gh * _gw];
        for (var i = 0; i < _values.Length; i++) _values[i] = random.NextDouble();
    }

    private static double Weight(double t) => t * t * (3 - 2 * t);

    /// <summary>The field at voxel (d, h, w).</summary>
    public double Sample(int d, int h, int w)
    {
        Locate(d * _invD, _gd, out var i0, out var td);
        Locate(h * _invH, _gh, out var j0, out var th);
        Locate(w * _invW, _gw, out var k0, out var tw);
        double Row(int i, int j)
        {
            var o = ((long)i * _gh + j) * _gw + k0;
            return _values[o] + tw * (_values[o + 1] - _values[o]);
        }
        var a = Row(i0, j0) + th * (Row(i0, j0 + 1) - Row(i0, j0));
        var b = Row(i0 + 1, j0) + th * (Row(i0 + 1, j0 + 1) - Row(i0 + 1, j0));
        return a + td * (b - a);
    }

    /// <summary>Fills <paramref name="plane"/> (height x width, C order) with the field on slice <paramref name="d"/>.</summary>
    public void FillSlice(int d, int height, int width, Span<double> plane)
    {
        Locate(d * _invD, _gd, out var i0, out var td);
        var coarse = _gh * _gw <= 4096 ? stackalloc double[_gh * _gw] : new double[_gh * _gw];
        long a0 = (long)i0 * _gh * _gw, a1 = a0 + (long)_gh * _gw;
        for (var j = 0; j < coarse.Length; j++) coarse[j] = _values[a0 + j] + td * (_values[a1 + j] - _values[a0 + j]);
        // The W position of every column is the same on every row: locate it once.
        var cells = new int[width];
        var weights = new double[width];
        for (var w = 0; w < width; w++) Locate(w * _invW, _gw, out cells[w], out weights[w]);
        var row = _gw <= 1024 ? stackalloc double[_gw] : new double[_gw];
        for (var h = 0; h < height; h++)
        {
            Locate(h * _invH, _gh, out var j0, out var th);
            var r0 = coarse.Slice(j0 * _gw, _gw);
            var r1 = coarse.Slice((j0 + 1) * _gw, _gw);
            for (var k = 0; k < _gw; k++) row[k] = r0[k] + th * (r1[k] - r0[k]);
            var line = plane.Slice(h * width, width);
            for (var w = 0; w < width; w++)
            {
                var k0 = cells[w];
                line[w] = row[k0] + weights[w] * (row[k0 + 1] - row[k0]);
            }
        }
    }

    private static void Locate(double f, int count, out int index, out double weight)
    {
        index = Math.Min((int)f, count - 2);
        weight = Weight(Math.Clamp(f - index, 0, 1));
    }
}
