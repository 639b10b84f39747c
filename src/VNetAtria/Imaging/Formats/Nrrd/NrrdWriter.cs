namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>Writes NRRD files. Placeholder: the NRRD issue work fills this in.</summary>
public static class NrrdWriter
{
    /// <summary>Writes a volume as NRRD (attached unless the path ends in .nhdr).</summary>
    public static void Write(string path, IVolume volume, NrrdWriteOptions? options = null) =>
        throw new NotImplementedException("NRRD writing is not implemented yet.");
}

/// <summary>How a volume is encoded on disk.</summary>
public enum NrrdEncoding
{
    /// <summary>Uncompressed bytes.</summary>
    Raw,
    /// <summary>gzip-compressed bytes (the LASC files' encoding).</summary>
    Gzip,
}

/// <summary>Options for <see cref="NrrdWriter"/>.</summary>
public sealed record NrrdWriteOptions
{
    /// <summary>Data encoding; gzip by default.</summary>
    public NrrdEncoding Encoding { get; init; } = NrrdEncoding.Gzip;

    /// <summary>gzip level 1-9 (6 by default as zlib).</summary>
    public int CompressionLevel { get; init; } = 6;
}
