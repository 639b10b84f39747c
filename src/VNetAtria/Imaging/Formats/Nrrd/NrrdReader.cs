namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>Reads NRRD files (attached .nrrd and detached .nhdr). Placeholder: the NRRD issue work fills this in.</summary>
public static class NrrdReader
{
    /// <summary>Reads a 3D NRRD volume.</summary>
    public static IVolume Read(string path, NrrdReadOptions? options = null) =>
        throw new NotImplementedException("NRRD reading is not implemented yet.");
}

/// <summary>Options for <see cref="NrrdReader"/>.</summary>
public sealed record NrrdReadOptions
{
    /// <summary>Allow a detached header's data file to be an absolute path or to leave the header's folder ("..").</summary>
    public bool AllowDataFilesOutsideHeaderFolder { get; init; }
}
