namespace VNetAtria.Preprocessing;

/// <summary>
/// One axis of a separable resampling: for each output index, the input indices it reads and their weights
/// (a sparse matrix in compressed-row form). Builders cover the mappings the locator needs.
/// </summary>
internal sealed class ResamplingTaps
{
    private ResamplingTaps(int inSize, int outSize, int[] rowStart, int[] index, float[] weight)
    {
        InSize = inSize;
        OutSize = outSize;
        RowStart = rowStart;
        Index = index;
        Weight = weight;
    }

    /// <summary>Input length along the axis.</summary>
    public int InSize { get; }

    /// <summary>Output length along the axis.</summary>
    public int OutSize { get; }

    /// <summary>Taps of output j are [RowStart[j], RowStart[j + 1]).</summary>
    public int[] RowStart { get; }

    /// <summary>Input index of each tap.</summary>
    public int[] Index { get; }

    /// <summary>Weight of each tap.</summary>
    public float[] Weight { get; }

    /// <summary>The source coordinate of output <paramref name="o"/> (see <see cref="LabelCoordinateMapping"/>).</summary>
    public static double SourceCoordinate(int o, int inSize, int outSize, LabelCoordinateMapping mapping) => mapping switch
    {
        LabelCoordinateMapping.OriginalZoom => outSize > 1 ? o * (double)(inSize - 1) / (outSize - 1) : 0,
        _ => (o + 0.5) * inSize / outSize - 0.5,
    };

    /// <summary>scipy's order-0 rounding, floor(x + 0.5), clamped into the axis.</summary>
    public static int NearestIndex(double x, int inSize) => Math.Clamp((int)Math.Floor(x + 0.5), 0, inSize - 1);

    /// <summary>The nearest-voxel map of every output index.</summary>
    public static int[] NearestMap(int inSize, int outSize, LabelCoordinateMapping mapping)
    {
        var map = new int[outSize];
        for (var o = 0; o < outSize; o++) map[o] = NearestIndex(SourceCoordinate(o, inSize, outSize, mapping), inSize);
        return map;
    }

    /// <summary>skimage's anti-aliasing sigma for one axis: max(0, (in/out - 1) / 2).</summary>
    public static double AntiAliasingSigma(int inSize, int outSize) => Math.Max(0, ((double)inSize / outSize - 1) / 2);

    /// <summary>Gaussian smoothing (scipy: truncate 4, 'mirror' border) evaluated at the nearest voxel of each centre-aligned output.</summary>
    public static ResamplingTaps GaussianAtNearest(int inSize, int outSize)
    {
        var kernel = GaussianKernel(AntiAliasingSigma(inSize, outSize));
        var radius = kernel.Length / 2;
        var rowStart = new int[outSize + 1];
        var index = new int[outSize * kernel.Length];
        var weight = new float[outSize * kernel.Length];
        var t = 0;
        for (var o = 0; o < outSize; o++)
        {
            rowStart[o] = t;
            var c = NearestIndex(SourceCoordinate(o, inSize, outSize, LabelCoordinateMapping.CentreAligned), inSize);
            for (var k = -radius; k <= radius; k++)
            {
                index[t] = Mirror(c + k, inSize);
                weight[t] = (float)kernel[k + radius];
                t++;
            }
        }
        rowStart[outSize] = t;
        return new ResamplingTaps(inSize, outSize, rowStart, index, weight);
    }

    /// <summary>Linear interpolation at the centre-aligned coordinate, edge voxels repeated outside the axis.</summary>
    public static ResamplingTaps Linear(int inSize, int outSize)
    {
        var rowStart = new int[outSize + 1];
        var index = new int[outSize * 2];
        var weight = new float[outSize * 2];
        for (var o = 0; o < outSize; o++)
        {
            rowStart[o] = 2 * o;
            var x = Math.Clamp(SourceCoordinate(o, inSize, outSize, LabelCoordinateMapping.CentreAligned), 0, inSize - 1);
            var i0 = (int)Math.Floor(x);
            var f = x - i0;
            index[2 * o] = i0;
            index[2 * o + 1] = Math.Min(i0 + 1, inSize - 1);
            weight[2 * o] = (float)(1 - f);
            weight[2 * o + 1] = (float)f;
        }
        rowStart[outSize] = 2 * outSize;
        return new ResamplingTaps(inSize, outSize, rowStart, index, weight);
    }

    /// <summary>Nearest voxel at the centre-aligned coordinate, as taps (for float volumes).</summary>
    public static ResamplingTaps Nearest(int inSize, int outSize)
    {
        var map = NearestMap(inSize, outSize, LabelCoordinateMapping.CentreAligned);
        var rowStart = new int[outSize + 1];
        for (var o = 0; o <= outSize; o++) rowStart[o] = o;
        var weight = new float[outSize];
        Array.Fill(weight, 1f);
        return new ResamplingTaps(inSize, outSize, rowStart, map, weight);
    }

    /// <summary>scipy.ndimage's sampled Gaussian: exp(-x^2 / (2 sigma^2)) on [-r, r], r = int(4 sigma + 0.5), normalised to sum 1.</summary>
    public static double[] GaussianKernel(double sigma)
    {
        var radius = (int)(4.0 * sigma + 0.5);
        var k = new double[2 * radius + 1];
        if (radius == 0)
        {
            k[0] = 1;
            return k;
        }
        var sum = 0.0;
        for (var i = -radius; i <= radius; i++) sum += k[i + radius] = Math.Exp(-0.5 * i * i / (sigma * sigma));
        for (var i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    /// <summary>scipy's 'mirror' extension (reflect about the edge voxel centres, period 2(n - 1)).</summary>
    public static int Mirror(int i, int n)
    {
        if (n == 1) return 0;
        var period = 2 * (n - 1);
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }
}
