namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>Writes NIfTI-1 files (.nii, .nii.gz). Placeholder: filled in by the NIfTI work.</summary>
public static class NiftiWriter
{
    /// <summary>Writes a volume as NIfTI-1 (gzip when the path ends in .gz).</summary>
    public static void Write(string path, IVolume volume) => throw new NotImplementedException("NIfTI writing is not implemented yet.");
}
