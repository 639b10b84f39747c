namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// The NRRD header field names (teem's <c>_nrrdFieldStr</c>) and their equivalents (<c>_nrrdFieldStrEqv</c>): a field
/// is matched as teem matches it, ignoring case only, so "Data File" and "datafile" are the data file field but
/// "data  file", " data file" and "data file " are not fields at all.
/// </summary>
public static class NrrdFieldNames
{
    /// <summary><c>content</c></summary>
    public const string Content = "content";
    /// <summary><c>number</c> (obsolete, ignored)</summary>
    public const string Number = "number";
    /// <summary><c>type</c></summary>
    public const string Type = "type";
    /// <summary><c>block size</c></summary>
    public const string BlockSize = "block size";
    /// <summary><c>dimension</c></summary>
    public const string Dimension = "dimension";
    /// <summary><c>space</c></summary>
    public const string Space = "space";
    /// <summary><c>space dimension</c></summary>
    public const string SpaceDimension = "space dimension";
    /// <summary><c>sizes</c></summary>
    public const string Sizes = "sizes";
    /// <summary><c>spacings</c></summary>
    public const string Spacings = "spacings";
    /// <summary><c>thicknesses</c></summary>
    public const string Thicknesses = "thicknesses";
    /// <summary><c>axis mins</c></summary>
    public const string AxisMins = "axis mins";
    /// <summary><c>axis maxs</c></summary>
    public const string AxisMaxs = "axis maxs";
    /// <summary><c>space directions</c></summary>
    public const string SpaceDirections = "space directions";
    /// <summary><c>centers</c> (alias <c>centerings</c>)</summary>
    public const string Centers = "centers";
    /// <summary><c>kinds</c></summary>
    public const string Kinds = "kinds";
    /// <summary><c>labels</c></summary>
    public const string Labels = "labels";
    /// <summary><c>units</c></summary>
    public const string Units = "units";
    /// <summary><c>min</c></summary>
    public const string Min = "min";
    /// <summary><c>max</c></summary>
    public const string Max = "max";
    /// <summary><c>old min</c></summary>
    public const string OldMin = "old min";
    /// <summary><c>old max</c></summary>
    public const string OldMax = "old max";
    /// <summary><c>endian</c></summary>
    public const string Endian = "endian";
    /// <summary><c>encoding</c></summary>
    public const string Encoding = "encoding";
    /// <summary><c>line skip</c></summary>
    public const string LineSkip = "line skip";
    /// <summary><c>byte skip</c></summary>
    public const string ByteSkip = "byte skip";
    /// <summary><c>sample units</c></summary>
    public const string SampleUnits = "sample units";
    /// <summary><c>space units</c></summary>
    public const string SpaceUnits = "space units";
    /// <summary><c>space origin</c></summary>
    public const string SpaceOrigin = "space origin";
    /// <summary><c>measurement frame</c></summary>
    public const string MeasurementFrame = "measurement frame";
    /// <summary><c>data file</c> (alias <c>datafile</c>)</summary>
    public const string DataFile = "data file";

    private static readonly string[] All =
    [
        Content, Number, Type, BlockSize, Dimension, Space, SpaceDimension, Sizes, Spacings, Thicknesses, AxisMins,
        AxisMaxs, SpaceDirections, Centers, Kinds, Labels, Units, Min, Max, OldMin, OldMax, Endian, Encoding, LineSkip,
        ByteSkip, SampleUnits, SpaceUnits, SpaceOrigin, MeasurementFrame, DataFile,
    ];

    // teem 1.12's one-word equivalents (checked with teem-unu: each of these reads as its field).
    private static readonly (string Spelling, string Field)[] Equivalents =
    [
        ("blocksize", BlockSize), ("spacedimension", SpaceDimension), ("axismins", AxisMins), ("axismaxs", AxisMaxs),
        ("spacedirections", SpaceDirections), ("centerings", Centers), ("oldmin", OldMin), ("oldmax", OldMax),
        ("lineskip", LineSkip), ("byteskip", ByteSkip), ("sampleunits", SampleUnits), ("spaceunits", SpaceUnits),
        ("spaceorigin", SpaceOrigin), ("measurementframe", MeasurementFrame), ("datafile", DataFile),
    ];

    private static readonly Dictionary<string, string> BySpelling = BuildSpellings();

    /// <summary>
    /// The canonical name of a field as spelled in a header (the text before ": "), or null when it is not a NRRD
    /// field. Case is ignored; spaces are not (teem refuses "data  file" and " type").
    /// </summary>
    public static string? Canonical(string spelled) => BySpelling.GetValueOrDefault(spelled);

    /// <summary>Every field name the reader knows, for messages.</summary>
    internal static IReadOnlyList<string> AllNames => All;

    private static Dictionary<string, string> BuildSpellings()
    {
        var d = All.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);
        foreach (var (spelling, field) in Equivalents) d[spelling] = field;
        return d;
    }
}
