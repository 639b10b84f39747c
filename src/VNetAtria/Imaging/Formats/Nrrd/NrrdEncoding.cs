namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>How a NRRD file's data is encoded on disk (the header's <c>encoding</c> field).</summary>
public enum NrrdEncoding
{
    /// <summary>Uncompressed bytes (<c>raw</c>).</summary>
    Raw,
    /// <summary>gzip-compressed bytes (<c>gzip</c>, <c>gz</c>): the LASC files' encoding.</summary>
    Gzip,
    /// <summary>bzip2-compressed bytes (<c>bzip2</c>, <c>bz2</c>); read only.</summary>
    Bzip2,
    /// <summary>Whitespace-separated decimal values (<c>ascii</c>, <c>text</c>, <c>txt</c>); read only.</summary>
    Ascii,
    /// <summary>Two hexadecimal digits per byte (<c>hex</c>); read only.</summary>
    Hex,
}

/// <summary>Byte order of multi-byte values in a NRRD file (the header's <c>endian</c> field).</summary>
public enum NrrdEndian
{
    /// <summary>Least significant byte first.</summary>
    Little,
    /// <summary>Most significant byte first.</summary>
    Big,
}
