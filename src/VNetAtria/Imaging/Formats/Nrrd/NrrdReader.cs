namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Reads NRRD files (attached .nrrd and detached .nhdr) following the teem NRRD specification
/// (http://teem.sourceforge.net/nrrd/format.html): NRRD0001-NRRD0005, every scalar type and its spellings,
/// raw / gzip / bzip2 / ascii / hex encodings in either byte order, one data file, a LIST of files or a printf
/// pattern (one file per slice, per row, or slabs of the slowest axis), line and byte skips, and key:=value pairs (kept in order in <see cref="IVolume.Metadata"/>).
/// <para>
/// The geometry is converted to the library's LPS <see cref="VolumeGeometry"/> (NRRD axes 0, 1, 2 are W, H, D;
/// RAS and LAS are turned into LPS; the file's space name is kept in <see cref="VolumeGeometry.SourceSpace"/>).
/// 3-D scalar volumes are read (size-1 axes are fine); a 2-D image is read as one slice (D = 1, its D axis the
/// normal W x H at 1 mm); 1-D and 4-D or higher files, and axes that are not spatial (vector, list, color), are refused.
/// </para>
/// Every malformed input gives a <see cref="VolumeFormatException"/> naming the file, the field and what was
/// expected. Headers are read as teem 1.12 reads them: what teem refuses (an unknown field, fields in an order teem
/// cannot parse, both <c>space</c> and <c>space dimension</c>; see <see cref="NrrdHeaderParser"/>) is refused, and
/// <c>LIST</c> and pattern data files follow teem's subdim rules (see <see cref="NrrdDataFileSpec"/>).
/// </summary>
public static class NrrdReader
{
    /// <summary>Reads a 3-D (or 2-D, as one slice) NRRD volume.</summary>
    public static IVolume Read(string path, NrrdReadOptions? options = null) => ReadWithHeader(path, options).Volume;

    /// <summary>Reads a volume and returns it with its parsed header (fields the volume does not carry, warnings).</summary>
    public static NrrdReadResult ReadWithHeader(string path, NrrdReadOptions? options = null)
    {
        options ??= NrrdReadOptions.Default;
        var header = ReadHeader(path);
        var warnings = (List<string>)header.Warnings;
        var (shape, geometry) = NrrdGeometry.ToVolume(header, warnings);
        var volume = NrrdDataReader.Read(header, shape, geometry, options);
        return new NrrdReadResult(volume, header);
    }

    /// <summary>Reads and validates only the header (the data files are not opened).</summary>
    public static NrrdHeader ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        return NrrdHeaderParser.Read(path);
    }
}
