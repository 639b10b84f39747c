namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>Reads NIfTI-1 files (.nii, .nii.gz). Placeholder: filled in by the NIfTI work.</summary>
public static class NiftiReader
{
    /// <summary>Reads a 3D NIfTI-1 volume.</summary>
    public static IVolume Read(string path) => throw new NotImplementedException("NIfTI reading is not implemented yet.");
}
