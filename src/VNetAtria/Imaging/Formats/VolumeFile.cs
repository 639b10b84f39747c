using VNetAtria.Imaging.Formats.Hdf5;
using VNetAtria.Imaging.Formats.Nifti;
using VNetAtria.Imaging.Formats.Nrrd;

namespace VNetAtria.Imaging.Formats;

/// <summary>Opens and saves volumes in any supported format, chosen by file extension.</summary>
public static class VolumeFile
{
    /// <summary>The format a path's extension names.</summary>
    public static VolumeFormat FormatOf(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".nrrd") || name.EndsWith(".nhdr")) return VolumeFormat.Nrrd;
        if (name.EndsWith(".nii") || name.EndsWith(".nii.gz")) return VolumeFormat.Nifti;
        if (name.EndsWith(".h5") || name.EndsWith(".hdf5")) return VolumeFormat.UamtH5;
        throw new VolumeFormatException(path, null, "unknown file type: expected .nrrd, .nhdr, .nii, .nii.gz or .h5.");
    }

    /// <summary>Reads a volume. For UA-MT .h5 files this is the `image` dataset.</summary>
    public static IVolume Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        return FormatOf(path) switch
        {
            VolumeFormat.Nrrd => NrrdReader.Read(path),
            VolumeFormat.Nifti => NiftiReader.Read(path),
            _ => UamtH5.ReadDataset(path, "image"),
        };
    }

    /// <summary>Writes a volume atomically; NRRD options apply to NRRD outputs.</summary>
    public static void Write(string path, IVolume volume, NrrdWriteOptions? nrrdOptions = null)
    {
        switch (FormatOf(path))
        {
            case VolumeFormat.Nrrd: NrrdWriter.Write(path, volume, nrrdOptions); break;
            case VolumeFormat.Nifti: NiftiWriter.Write(path, volume); break;
            default: throw new VolumeFormatException(path, null, "a UA-MT .h5 file holds an image and a label together: write it with UamtH5.Write(path, image, label), or write one volume as .nrrd or .nii.gz.");
        }
    }
}

/// <summary>Supported volume file formats.</summary>
public enum VolumeFormat
{
    /// <summary>NRRD (.nrrd attached, .nhdr detached).</summary>
    Nrrd,
    /// <summary>NIfTI-1 (.nii, .nii.gz).</summary>
    Nifti,
    /// <summary>UA-MT HDF5 (.h5): <see cref="VolumeFile.Read"/> gives the image; <see cref="UamtH5"/> reads and writes image and label together.</summary>
    UamtH5,
}
