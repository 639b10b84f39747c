namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>Options for <see cref="NrrdWriter"/>.</summary>
public sealed record NrrdWriteOptions
{
    /// <summary>Data encoding: <see cref="NrrdEncoding.Gzip"/> (default) or <see cref="NrrdEncoding.Raw"/>; the others are read only.</summary>
    public NrrdEncoding Encoding { get; init; } = NrrdEncoding.Gzip;

    /// <summary>gzip level 1-9 (6 by default, as zlib): 1 is fastest, 9 smallest.</summary>
    public int CompressionLevel { get; init; } = 6;

    /// <summary>
    /// Write a detached header: the header goes to the given path and the data beside it to
    /// <c>&lt;name&gt;.raw</c> (or <c>.raw.gz</c>), where &lt;name&gt; is the path without its .nhdr/.nrrd extension.
    /// Paths ending in .nhdr are always written detached.
    /// </summary>
    public bool Detached { get; init; }
}
