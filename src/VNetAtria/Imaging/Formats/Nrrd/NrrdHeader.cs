namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// A parsed and validated NRRD header: the fields of the teem NRRD specification
/// (http://teem.sourceforge.net/nrrd/format.html) as typed values, every field's text in file order,
/// the key:=value pairs in file order, and the warnings the reader recorded.
/// Per-axis lists are in NRRD axis order (axis 0 is the fastest, i.e. W for a 3-D volume).
/// </summary>
public sealed class NrrdHeader
{
    /// <summary>The header file.</summary>
    public required string FilePath { get; init; }

    /// <summary>The format version from the magic line (1-5 for NRRD0001-NRRD0005).</summary>
    public required int Version { get; init; }

    /// <summary>Voxel type (<c>type</c>).</summary>
    public required VoxelType Type { get; init; }

    /// <summary>Number of axes (<c>dimension</c>).</summary>
    public int Dimension => Sizes.Count;

    /// <summary>Samples along each axis (<c>sizes</c>).</summary>
    public required IReadOnlyList<int> Sizes { get; init; }

    /// <summary>Data encoding (<c>encoding</c>).</summary>
    public required NrrdEncoding Encoding { get; init; }

    /// <summary>Byte order (<c>endian</c>); null when the header gives none (allowed for 1-byte types and ASCII).</summary>
    public NrrdEndian? Endian { get; init; }

    /// <summary>The canonical long name of <c>space</c> (e.g. "right-anterior-superior"), or null.</summary>
    public string? Space { get; init; }

    /// <summary>Number of world coordinates: from <c>space</c>, or <c>space dimension</c>; null when neither is given.</summary>
    public int? SpaceDimension { get; init; }

    /// <summary>
    /// <c>space directions</c> in the file's space (not converted to LPS): one entry per axis, null for "none".
    /// Vectors with fewer than 3 coordinates are padded with zeros.
    /// </summary>
    public IReadOnlyList<Vector3d?>? SpaceDirections { get; init; }

    /// <summary><c>space origin</c> in the file's space (not converted to LPS); null when absent or all NaN.</summary>
    public Vector3d? SpaceOrigin { get; init; }

    /// <summary><c>measurement frame</c> columns in the file's space, or null.</summary>
    public IReadOnlyList<Vector3d>? MeasurementFrame { get; init; }

    /// <summary>Old-style per-axis <c>spacings</c> (NaN where unknown), or null.</summary>
    public IReadOnlyList<double>? Spacings { get; init; }

    /// <summary>Per-axis <c>thicknesses</c>, or null.</summary>
    public IReadOnlyList<double>? Thicknesses { get; init; }

    /// <summary>Per-axis <c>axis mins</c>, or null.</summary>
    public IReadOnlyList<double>? AxisMins { get; init; }

    /// <summary>Per-axis <c>axis maxs</c>, or null.</summary>
    public IReadOnlyList<double>? AxisMaxs { get; init; }

    /// <summary>Per-axis <c>centers</c> ("cell", "node" or "???"), or null.</summary>
    public IReadOnlyList<string>? Centers { get; init; }

    /// <summary>Per-axis <c>kinds</c> (e.g. "domain", "space", "list"), or null.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>Per-axis <c>labels</c>, or null.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Per-axis <c>units</c>, or null.</summary>
    public IReadOnlyList<string>? Units { get; init; }

    /// <summary>Per-world-coordinate <c>space units</c>, or null.</summary>
    public IReadOnlyList<string>? SpaceUnits { get; init; }

    /// <summary><c>content</c>, or null.</summary>
    public string? Content { get; init; }

    /// <summary>Lines to skip before the data (<c>line skip</c>), 0 when absent.</summary>
    public long LineSkip { get; init; }

    /// <summary>Bytes to skip before the (decompressed) data (<c>byte skip</c>); -1 means the data is at the end.</summary>
    public long ByteSkip { get; init; }

    /// <summary>The data files of a detached header, in data order; null when the data follows the header (attached).</summary>
    public IReadOnlyList<string>? DataFiles { get; init; }

    /// <summary>How many axes (the fastest ones) each data file holds; equals <see cref="Dimension"/> for one file.</summary>
    public int DataFileDimension { get; init; }

    /// <summary>For an attached header: the file offset of the first byte after the blank line that ends the header.</summary>
    public long DataOffset { get; init; }

    /// <summary>Every field as written (canonical name, value text), in file order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; }

    /// <summary>The key:=value pairs, unescaped, in file order (a repeated key keeps its first place and its last value).</summary>
    public required IReadOnlyDictionary<string, string> KeyValues { get; init; }

    /// <summary>What the reader ignored or tolerated (repeated keys, text after a data file's numbers, ...), one sentence each.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>True when <see cref="DataFiles"/> point to separate data.</summary>
    public bool IsDetached => DataFiles is not null;

    /// <summary>Number of samples, the product of <see cref="Sizes"/>.</summary>
    public long SampleCount => Sizes.Aggregate(1L, (a, s) => a * s);

    /// <summary>The text of a field by canonical name (see <see cref="NrrdFieldNames"/>), or null when absent.</summary>
    public string? Field(string canonicalName)
    {
        foreach (var f in Fields) if (f.Key == canonicalName) return f.Value;
        return null;
    }
}

/// <summary>A volume read from a NRRD file with its header (for the fields and warnings the volume does not carry).</summary>
/// <param name="Volume">The voxels, geometry (LPS) and key:=value metadata.</param>
/// <param name="Header">The parsed header.</param>
public sealed record NrrdReadResult(IVolume Volume, NrrdHeader Header);
