using VNetAtria.Imaging;

namespace VNetAtria.Metrics;

/// <summary>
/// A mask's surface: the mask XOR its binary erosion (medpy's and MONAI's definition). Voxels outside the array
/// count as background, so foreground on the array border is surface (scipy's erosion with border_value 0).
/// </summary>
public static class Surfaces
{
    /// <summary>True for the foreground voxels that have at least one background neighbour under <paramref name="connectivity"/>.</summary>
    public static bool[] Of(ReadOnlySpan<bool> mask, Shape3 shape, SurfaceConnectivity connectivity = SurfaceConnectivity.Face)
    {
        var surface = new bool[mask.Length];
        var source = mask.ToArray();
        Parallel.For(0, shape.Depth, d =>
        {
            for (var h = 0; h < shape.Height; h++)
            {
                for (var w = 0; w < shape.Width; w++)
                {
                    var i = shape.Offset(d, h, w);
                    if (!source[i]) continue;
                    surface[i] = HasBackgroundNeighbour(source, shape, d, h, w, connectivity);
                }
            }
        });
        return surface;
    }

    private static bool HasBackgroundNeighbour(bool[] m, Shape3 s, int d, int h, int w, SurfaceConnectivity connectivity)
    {
        if (connectivity == SurfaceConnectivity.Face)
        {
            return !At(m, s, d - 1, h, w) || !At(m, s, d + 1, h, w) || !At(m, s, d, h - 1, w) ||
                   !At(m, s, d, h + 1, w) || !At(m, s, d, h, w - 1) || !At(m, s, d, h, w + 1);
        }
        for (var dd = -1; dd <= 1; dd++)
            for (var dh = -1; dh <= 1; dh++)
                for (var dw = -1; dw <= 1; dw++)
                    if ((dd | dh | dw) != 0 && !At(m, s, d + dd, h + dh, w + dw)) return true;
        return false;
    }

    private static bool At(bool[] m, Shape3 s, int d, int h, int w) =>
        d >= 0 && h >= 0 && w >= 0 && d < s.Depth && h < s.Height && w < s.Width && m[s.Offset(d, h, w)];
}
