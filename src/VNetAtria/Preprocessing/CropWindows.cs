using System.Numerics;
using VNetAtria.Imaging;

namespace VNetAtria.Preprocessing;

/// <summary>Cutting a crop window out of a canvas volume and pasting a patch back (geometry kept by <see cref="VolumeOps"/>).</summary>
public static class CropWindows
{
    /// <summary>The voxels of <paramref name="window"/>; the origin moves to the window's first voxel.</summary>
    public static Volume<T> Crop<T>(Volume<T> canvas, Box3 window) where T : unmanaged, INumber<T> => VolumeOps.Crop(canvas, window);

    /// <summary>
    /// A <paramref name="canvas"/>-shaped volume of <paramref name="fill"/> with <paramref name="patch"/> written at
    /// the window's start; its geometry is the patch's moved back by the window start (the canvas's, when the patch
    /// came from <see cref="Crop{T}"/>).
    /// </summary>
    /// <exception cref="PreprocessingException">The patch is not the window's size.</exception>
    public static Volume<T> Paste<T>(Volume<T> patch, Box3 window, Shape3 canvas, T fill = default) where T : unmanaged, INumber<T>
    {
        if (patch.Shape != window.Size)
            throw new PreprocessingException($"Paste: the patch is {patch.Shape} but the window {window} is {window.Size}; paste the patch cropped with this window.");
        var start = window.Start;
        var result = new Volume<T>(canvas, null, patch.Geometry.Shifted(new Index3(-start.D, -start.H, -start.W)), patch.Metadata);
        if (!T.IsZero(fill)) Array.Fill(result.Data, fill);
        VolumeOps.Insert(result, patch, start);
        return result;
    }
}
