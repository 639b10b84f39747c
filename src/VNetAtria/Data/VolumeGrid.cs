using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Hdf5;

namespace VNetAtria.Data;

/// <summary>The voxel grid of a volume file: shape (D, H, W) and spacing (D, H, W) in mm.</summary>
/// <param name="Shape">Array shape (D, H, W).</param>
/// <param name="Spacing">Voxel spacing (D, H, W) in mm.</param>
public sealed record VolumeGrid(Shape3 Shape, Spacing3 Spacing)
{
    /// <summary>
    /// Reads the grid of a volume file through the library's readers (<see cref="VolumeFile"/>, or
    /// <see cref="UamtH5.ReadDataset"/> for the named dataset of an .h5 file).
    /// </summary>
    public static VolumeGrid Read(string path, string? dataset = null)
    {
        var volume = ReadVolume(path, dataset);
        return new VolumeGrid(volume.Shape, volume.Geometry.Spacing);
    }

    /// <summary>Reads a volume: the named dataset of a UA-MT .h5 file ("image" when null), else the file's one volume.</summary>
    public static IVolume ReadVolume(string path, string? dataset = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        return VolumeFile.FormatOf(path) == VolumeFormat.UamtH5
            ? UamtH5.ReadDataset(path, dataset ?? "image")
            : VolumeFile.Read(path);
    }
}

/// <summary>Reads the grid of a file (path, HDF5 dataset or null); the seam tests use to avoid real readers.</summary>
public delegate VolumeGrid VolumeGridReader(string path, string? dataset);
