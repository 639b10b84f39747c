using System.Globalization;
using static VNetAtria.Imaging.Formats.Nrrd.NrrdFieldNames;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Turns header lines into a validated <see cref="NrrdHeader"/>: classifies each line (comment, field,
/// key:=value) as teem 1.12 does, checks the order teem needs, parses every field to its type and checks the fields
/// against each other. Every problem is a <see cref="VolumeFormatException"/> naming the field, what was expected and
/// what was found.
/// <para>
/// What teem refuses is refused here too (each checked with <c>teem-unu</c>): a line that is not a comment, a
/// <c>name: value</c> field (a space after the colon) or a <c>key:=value</c> pair; an unknown field name; a field
/// given twice; a per-axis field before <c>dimension</c>; a field in world space before <c>space</c> or
/// <c>space dimension</c>; both <c>space</c> and <c>space dimension</c>; a data file pattern before <c>dimension</c>
/// and <c>sizes</c>; a <c>LIST</c> that is not the last field, or with comments or an empty line among its names.
/// </para>
/// </summary>
internal sealed class NrrdHeaderParser
{
    /// <summary>teem's NRRD_DIM_MAX.</summary>
    private const int MaxDimension = 16;

    private static readonly HashSet<string> KnownKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        "domain", "space", "time", "list", "point", "vector", "covariant-vector", "normal", "stub", "scalar", "complex",
        "2-vector", "3-color", "RGB-color", "HSV-color", "XYZ-color", "4-color", "RGBA-color", "3-vector", "3-gradient",
        "3-normal", "4-vector", "quaternion", "2D-symmetric-matrix", "2D-masked-symmetric-matrix", "2D-matrix",
        "2D-masked-matrix", "3D-symmetric-matrix", "3D-masked-symmetric-matrix", "3D-matrix", "3D-masked-matrix", "???", "none",
    };

    private readonly string _path;
    private readonly Dictionary<string, (string Value, int Line)> _fields = [];
    private readonly List<KeyValuePair<string, string>> _fieldOrder = [];
    private readonly OrderedDictionary<string, string> _keyValues = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _listedDataFiles = [];
    private IReadOnlyList<string> _lines = [];
    private string? _dataFileText; // the data file field without its leading blanks: teem keeps trailing text
    private int _listLine; // the line of 'data file: LIST', 0 when there is none

    // Fields teem parses by the dimension (its _CHECK_HAVE_DIM) and by the space dimension (_CHECK_HAVE_SPACE_DIM).
    private static readonly HashSet<string> PerAxisFields = [Sizes, Spacings, Thicknesses, AxisMins, AxisMaxs, SpaceDirections, Centers, Kinds, Labels, Units];
    private static readonly HashSet<string> WorldSpaceFields = [SpaceDirections, SpaceOrigin, SpaceUnits, MeasurementFrame];

    private NrrdHeaderParser(string path) => _path = path;

    /// <summary>Reads and parses the header of <paramref name="path"/>.</summary>
    public static NrrdHeader Read(string path)
    {
        var text = NrrdHeaderText.Read(path);
        return new NrrdHeaderParser(path).Parse(text);
    }

    private VolumeFormatException Error(string? field, string message) => new(_path, field, message);

    private NrrdHeader Parse(NrrdHeaderText text)
    {
        var version = text.Lines[0].TrimEnd() switch
        {
            "NRRD0001" => 1, "NRRD0002" => 2, "NRRD0003" => 3, "NRRD0004" => 4, "NRRD0005" => 5,
            var other => throw Error("magic", $"expected NRRD0001 ... NRRD0005 alone on the first line, found '{other}'."),
        };
        Classify(text);

        var type = ParseType();
        var dimension = ParseDimension();
        var sizes = ParseSizes(dimension);
        var encoding = ParseEncoding();
        var endian = ParseEndian();
        var (space, spaceDimension) = ParseSpace();
        var directions = ParseDirections(dimension, spaceDimension);
        var origin = ParseOrigin(spaceDimension);
        var frame = ParseMeasurementFrame(spaceDimension);
        var lineSkip = ParseSkip(LineSkip, min: 0);
        var byteSkip = ParseSkip(ByteSkip, min: -1);
        var (dataFiles, dataFileDimension) = ParseDataFiles(dimension, sizes);

        if (endian is null && type.SizeOf() > 1 && encoding != NrrdEncoding.Ascii)
            throw Error(Endian, $"missing: '{NrrdTypeNames.CanonicalName(type)}' data in {encoding.ToString().ToLowerInvariant()} encoding has {type.SizeOf()}-byte values, so the header must say 'endian: little' or 'endian: big'.");
        if (byteSkip == -1 && encoding is NrrdEncoding.Ascii or NrrdEncoding.Hex)
            throw Error(ByteSkip, $"-1 (data at the end of the file) is only possible for binary encodings (raw, gzip, bzip2), not {encoding.ToString().ToLowerInvariant()}.");
        if (!text.EndedByBlankLine && dataFiles is null)
            throw Error(DataFile, "missing: the header has neither a 'data file' field nor an empty line after which the data follows.");
        // Kept only as text, but checked so that a typo is reported rather than silently carried along.
        ParseScalars();
        if (directions is not null && _fields.ContainsKey(Spacings))
            _warnings.Add("both 'space directions' and 'spacings' are given; the spacings were ignored (the NRRD spec forbids giving both).");

        return new NrrdHeader
        {
            FilePath = _path,
            Version = version,
            Type = type,
            Sizes = sizes,
            Encoding = encoding,
            Endian = endian,
            Space = space,
            SpaceDimension = spaceDimension,
            SpaceDirections = directions,
            SpaceOrigin = origin,
            MeasurementFrame = frame,
            Spacings = ParsePerAxisDoubles(Spacings, dimension),
            Thicknesses = ParsePerAxisDoubles(Thicknesses, dimension),
            AxisMins = ParsePerAxisDoubles(AxisMins, dimension),
            AxisMaxs = ParsePerAxisDoubles(AxisMaxs, dimension),
            Centers = ParsePerAxisWords(Centers, dimension, w => w.ToLowerInvariant() is "cell" or "node" or "???" or "none", "cell, node or ???"),
            Kinds = ParsePerAxisWords(Kinds, dimension, KnownKinds.Contains, "a NRRD kind such as domain, space, time, list, vector or RGB-color"),
            Labels = ParseStrings(Labels, dimension),
            Units = ParseStrings(Units, dimension),
            SpaceUnits = spaceDimension is { } sd ? ParseStrings(SpaceUnits, sd) : RequireAbsent(SpaceUnits, "space units"),
            Content = _fields.TryGetValue(Content, out var c) ? c.Value : null,
            LineSkip = lineSkip,
            ByteSkip = byteSkip,
            DataFiles = dataFiles,
            DataFileDimension = dataFileDimension,
            DataOffset = text.DataOffset,
            Fields = _fieldOrder,
            KeyValues = _keyValues,
            Warnings = _warnings,
        };
    }

    private void Classify(NrrdHeaderText text)
    {
        _lines = text.Lines;
        for (var i = 1; i < _lines.Count; i++)
        {
            var n = i + 1;
            var line = _lines[i];
            if (_listLine > 0)
            {
                AddListedName(line, n);
                continue;
            }
            if (line.StartsWith('#')) continue;
            // teem: a field is "<name>: <value>" with a known name; anything else with ":=" is a key/value pair.
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var name = colon < 0 ? null : NrrdFieldNames.Canonical(line[..colon]);
            if (name is null)
            {
                if (colon >= 0 && line[..colon].Equals("key/value", StringComparison.OrdinalIgnoreCase))
                {
                    // teem's own name for the pairs: "key/value: k:=v" is the pair k:=v.
                    var pair = line[(colon + 2)..];
                    var sep = pair.IndexOf(":=", StringComparison.Ordinal);
                    if (sep < 0) throw Error("key/value", $"line {n}: expected 'key/value: <key>:=<value>', found '{Clip(line)}'.");
                    AddKeyValue(pair[..sep], pair[(sep + 2)..], n);
                    continue;
                }
                var kv = line.IndexOf(":=", StringComparison.Ordinal);
                if (kv >= 0)
                {
                    AddKeyValue(line[..kv], line[(kv + 2)..], n);
                    continue;
                }
                if (colon < 0)
                    throw Error($"line {n}", $"'{Clip(line)}' is neither a field ('name: value', with a space after the colon), a key:=value pair nor a comment ('#'){ColonHint(line)}; teem refuses the header at this line.");
                var unknown = line[..colon];
                throw Error(unknown, $"line {n}: '{Clip(line)}' is not a NRRD field{SpellingHint(unknown)}, and teem refuses a header with an unknown field. " +
                                     $"Keep custom information as a key:=value pair ('{unknown.Trim()}:={Clip(line[(colon + 2)..].Trim())}') or a comment ('# ...').");
            }
            var written = line[(colon + 2)..].TrimStart(' ', '\t');
            var value = written.TrimEnd();
            if (_fields.TryGetValue(name, out var previous))
                throw Error(name, $"given twice (lines {previous.Line} and {n}); a NRRD header may give each field once.");
            CheckOrder(name, written, n);
            _fields[name] = (value, n);
            _fieldOrder.Add(new(name, value));
            if (name != DataFile) continue;
            _dataFileText = written;
            if (NrrdDataFileSpec.FormOf(written) == NrrdDataFileSpec.Form.List) _listLine = n;
        }
        if (_listLine > 0 && text.EndedByBlankLine)
            throw Error(DataFile, $"line {_lines.Count + 1} is empty, after 'data file: LIST' on line {_listLine}: teem reads every line after LIST to the end of the file " +
                                  "as a data file name, so an empty line names a file that cannot be read; remove the empty line(s).");
    }

    /// <summary>The order teem needs: it parses each field when it reaches it, with what the lines above have set.</summary>
    private void CheckOrder(string name, string text, int line)
    {
        if (PerAxisFields.Contains(name) && !_fields.ContainsKey(Dimension))
            throw Error(name, $"line {line} comes before 'dimension'{Later(Dimension, line)}: teem reads every per-axis field by the dimension given above it, " +
                              $"so it refuses this header; move the 'dimension' line above line {line}.");
        if (WorldSpaceFields.Contains(name) && !_fields.ContainsKey(Space) && !_fields.ContainsKey(SpaceDimension))
            throw Error(name, $"line {line} comes before 'space' or 'space dimension'{Later(Space, line)}{Later(SpaceDimension, line)}: teem reads it by the space dimension given above it, " +
                              $"so it refuses this header; give 'space' (or 'space dimension') above line {line}.");
        if ((name == Space && _fields.TryGetValue(SpaceDimension, out var other)) || (name == SpaceDimension && _fields.TryGetValue(Space, out other)))
            throw Error(name, $"line {line} gives '{name}' after '{(name == Space ? SpaceDimension : Space)}' (line {other.Line}): teem refuses a header with both, " +
                              "because a named space implies its dimension; keep only 'space' (or only 'space dimension' for an unnamed space).");
        if (name != DataFile) return;
        switch (NrrdDataFileSpec.FormOf(text))
        {
            case NrrdDataFileSpec.Form.Pattern:
                foreach (var needed in new[] { Dimension, Sizes })
                    if (!_fields.ContainsKey(needed))
                        throw Error(DataFile, $"line {line}: the data file pattern comes before '{needed}'{Later(needed, line)}: teem counts a pattern's files by the dimension and sizes given above it, " +
                                              $"so it refuses this header; move the '{needed}' line above line {line}.");
                break;
            case NrrdDataFileSpec.Form.List:
                foreach (var needed in new[] { NrrdFieldNames.Type, Dimension, Sizes, NrrdFieldNames.Encoding })
                    if (!_fields.ContainsKey(needed))
                        throw Error(DataFile, $"line {line}: 'data file: LIST' comes before '{needed}'{Later(needed, line)}: every line after LIST names a data file, " +
                                              "so LIST must be the header's last field (teem refuses this header); move 'data file: LIST' and its file names to the end.");
                break;
        }
    }

    private void AddListedName(string line, int n)
    {
        if (line.StartsWith('#'))
            throw Error(DataFile, $"line {n} ('{Clip(line)}') is a comment after 'data file: LIST' (line {_listLine}): teem reads every line after LIST as a data file name, " +
                                  "comments included; move the comment above the 'data file' line.");
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if ((colon > 0 && NrrdFieldNames.Canonical(line[..colon]) is not null) || line.Contains(":=", StringComparison.Ordinal))
            throw Error(DataFile, $"line {n} ('{Clip(line)}') follows 'data file: LIST' (line {_listLine}): every line after LIST names a data file, " +
                                  "so LIST must be the header's last field (teem refuses this header); move this line above the 'data file' line.");
        // Kept as written, blanks included: teem opens exactly this name.
        _listedDataFiles.Add(line);
    }

    /// <summary>" (given later, on line N)" when a later line gives the field, else " (not given)".</summary>
    private string Later(string field, int after)
    {
        for (var i = after; i < _lines.Count; i++)
        {
            var colon = _lines[i].IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && !_lines[i].StartsWith('#') && NrrdFieldNames.Canonical(_lines[i][..colon]) == field) return $" (given later, on line {i + 1})";
        }
        return field == Space || field == SpaceDimension ? "" : " (not given)";
    }

    private static string SpellingHint(string spelled)
    {
        var squeezed = string.Join(' ', spelled.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return NrrdFieldNames.Canonical(squeezed) is { } f ? $" (did you mean '{f}'? teem matches field names exactly, ignoring only case)" : "";
    }

    private static string ColonHint(string line)
    {
        var colon = line.IndexOf(':');
        return colon > 0 && NrrdFieldNames.Canonical(line[..colon].Trim()) is { } f
            ? $" (for the field '{f}', write one space after the colon: '{f}: {Clip(line[(colon + 1)..].Trim())}')"
            : "";
    }

    private void AddKeyValue(string rawKey, string rawValue, int line)
    {
        var key = NrrdValueParsing.Unescape(rawKey);
        var value = NrrdValueParsing.Unescape(rawValue);
        if (key.Length == 0) throw Error($"line {line}", "a key:=value pair has an empty key.");
        if (_keyValues.ContainsKey(key)) _warnings.Add($"line {line}: key '{key}' repeated; the last value was kept.");
        _keyValues[key] = value;
    }

    private string Required(string field) =>
        _fields.TryGetValue(field, out var f) ? f.Value : throw Error(field, "missing: every NRRD header must give 'type', 'dimension', 'sizes' and 'encoding'.");

    private VoxelType ParseType()
    {
        var value = Required(NrrdFieldNames.Type);
        if (NrrdTypeNames.TryParse(value, out var t)) return t;
        if (value.Trim().Equals("block", StringComparison.OrdinalIgnoreCase))
            throw Error(NrrdFieldNames.Type, "'block' (opaque records) is not supported: expected a scalar type such as 'unsigned char', 'short' or 'float'.");
        throw Error(NrrdFieldNames.Type, $"unknown type '{value}': expected a teem scalar type such as 'signed char', 'uchar', 'unsigned char', 'uint8', 'short', 'ushort', 'int', 'uint', 'longlong', 'ulonglong', 'float' or 'double'.");
    }

    private int ParseDimension()
    {
        var value = Required(Dimension);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d < 1 || d > MaxDimension)
            throw Error(Dimension, $"expected a whole number from 1 to {MaxDimension}, found '{value}'.");
        return d;
    }

    private int[] ParseSizes(int dimension)
    {
        var tokens = NrrdValueParsing.Tokens(Required(Sizes));
        if (tokens.Length != dimension)
            throw Error(Sizes, $"expected {dimension} sizes (one per axis, as 'dimension: {dimension}' says), found {tokens.Length}.");
        var sizes = new int[dimension];
        long product = 1;
        for (var i = 0; i < dimension; i++)
        {
            if (!long.TryParse(tokens[i], NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s < 1 || s > int.MaxValue)
                throw Error(Sizes, $"axis {i}: expected a whole number from 1 to {int.MaxValue}, found '{tokens[i]}'.");
            sizes[i] = (int)s;
            // Overflow-safe: the data reader compares this product with the bytes present before allocating.
            product = product > long.MaxValue / s ? throw Error(Sizes, $"the sizes {string.Join(' ', tokens)} multiply to more than {long.MaxValue} samples.") : product * s;
        }
        return sizes;
    }

    private NrrdEncoding ParseEncoding()
    {
        var value = Required(NrrdFieldNames.Encoding);
        return value.ToLowerInvariant() switch
        {
            "raw" => NrrdEncoding.Raw,
            "gzip" or "gz" => NrrdEncoding.Gzip,
            "bzip2" or "bz2" => NrrdEncoding.Bzip2,
            "ascii" or "text" or "txt" => NrrdEncoding.Ascii,
            "hex" => NrrdEncoding.Hex,
            _ => throw Error(NrrdFieldNames.Encoding, $"unknown encoding '{value}': expected raw, gzip (gz), bzip2 (bz2), ascii (text, txt) or hex."),
        };
    }

    private NrrdEndian? ParseEndian()
    {
        if (!_fields.TryGetValue(Endian, out var f)) return null;
        return f.Value.ToLowerInvariant() switch
        {
            "little" => NrrdEndian.Little,
            "big" => NrrdEndian.Big,
            _ => throw Error(Endian, $"expected 'little' or 'big', found '{f.Value}'."),
        };
    }

    private (string? Space, int? Dimension) ParseSpace()
    {
        string? space = null;
        int? dim = null;
        if (_fields.TryGetValue(Space, out var s))
        {
            space = NrrdSpaces.Canonical(s.Value)
                ?? throw Error(Space, $"unknown space '{s.Value}': expected one of {string.Join(", ", NrrdSpaces.AllSpellings)}.");
            dim = NrrdSpaces.DimensionOf(space);
        }
        if (_fields.TryGetValue(SpaceDimension, out var sd))
        {
            if (!int.TryParse(sd.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d < 1 || d > MaxDimension)
                throw Error(SpaceDimension, $"expected a whole number from 1 to {MaxDimension}, found '{sd.Value}'.");
            dim = d;
        }
        return (space, dim);
    }

    private Vector3d?[]? ParseDirections(int dimension, int? spaceDimension)
    {
        if (!_fields.TryGetValue(SpaceDirections, out var f)) return null;
        if (spaceDimension is not { } sd)
            throw Error(SpaceDirections, "given without 'space' or 'space dimension': the header must say which space the directions are in (e.g. 'space: left-posterior-superior').");
        var vectors = NrrdValueParsing.TryParseVectors(f.Value, out var problem)
            ?? throw Error(SpaceDirections, $"{problem}; expected one '(x,y,z)' vector or 'none' per axis.");
        if (vectors.Count != dimension)
            throw Error(SpaceDirections, $"expected {dimension} entries (one per axis: a vector or 'none'), found {vectors.Count}.");
        var result = new Vector3d?[dimension];
        for (var i = 0; i < dimension; i++)
            result[i] = vectors[i] is { } v ? ToVector(SpaceDirections, v, sd, $"axis {i}") : null;
        return result;
    }

    private Vector3d? ParseOrigin(int? spaceDimension)
    {
        if (!_fields.TryGetValue(SpaceOrigin, out var f)) return null;
        if (spaceDimension is not { } sd)
            throw Error(SpaceOrigin, "given without 'space' or 'space dimension'.");
        var vectors = NrrdValueParsing.TryParseVectors(f.Value, out var problem);
        if (vectors is not { Count: 1 } || vectors[0] is null)
            throw Error(SpaceOrigin, $"expected one vector '(x,y,z)', found '{f.Value}'{(problem is null ? "" : $" ({problem})")}.");
        var values = vectors[0]!;
        if (values.All(double.IsNaN))
        {
            _warnings.Add("'space origin' is all NaN (unknown); the origin was taken as 0.");
            return null;
        }
        return ToVector(SpaceOrigin, values, sd, "origin");
    }

    private Vector3d[]? ParseMeasurementFrame(int? spaceDimension)
    {
        if (!_fields.TryGetValue(MeasurementFrame, out var f)) return null;
        if (spaceDimension is not { } sd) throw Error(MeasurementFrame, "given without 'space' or 'space dimension'.");
        var vectors = NrrdValueParsing.TryParseVectors(f.Value, out var problem)
            ?? throw Error(MeasurementFrame, $"{problem}; expected {sd} vectors.");
        if (vectors.Count != sd || vectors.Any(v => v is null))
            throw Error(MeasurementFrame, $"expected {sd} vectors of {sd} numbers, found '{f.Value}'.");
        return vectors.Select((v, i) => ToVector(MeasurementFrame, v!, sd, $"column {i}")).ToArray();
    }

    private Vector3d ToVector(string field, double[] v, int spaceDimension, string what)
    {
        if (v.Length != spaceDimension)
            throw Error(field, $"{what}: expected {spaceDimension} coordinates (the space dimension), found {v.Length}.");
        if (v.Any(x => !double.IsFinite(x)))
            throw Error(field, $"{what}: expected finite numbers, found ({string.Join(",", v.Select(NrrdValueParsing.Format))}).");
        // Coordinates past the third only appear in spaces the geometry step refuses; keep the first three.
        return new Vector3d(v.Length > 0 ? v[0] : 0, v.Length > 1 ? v[1] : 0, v.Length > 2 ? v[2] : 0);
    }

    private long ParseSkip(string field, long min)
    {
        if (!_fields.TryGetValue(field, out var f)) return 0;
        if (!long.TryParse(f.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min)
            throw Error(field, min < 0
                ? $"expected a whole number >= 0, or -1 for 'the data is at the end of the file', found '{f.Value}'."
                : $"expected a whole number >= 0, found '{f.Value}'.");
        return n;
    }

    private double[]? ParsePerAxisDoubles(string field, int dimension)
    {
        if (!_fields.TryGetValue(field, out var f)) return null;
        var tokens = NrrdValueParsing.Tokens(f.Value);
        if (tokens.Length != dimension) throw Error(field, $"expected {dimension} numbers (one per axis), found {tokens.Length}.");
        var values = new double[dimension];
        for (var i = 0; i < dimension; i++)
            if (!NrrdValueParsing.TryParseDouble(tokens[i], out values[i]))
                throw Error(field, $"axis {i}: expected a number (or nan), found '{tokens[i]}'.");
        return values;
    }

    private string[]? ParsePerAxisWords(string field, int dimension, Func<string, bool> valid, string expected)
    {
        if (!_fields.TryGetValue(field, out var f)) return null;
        var tokens = NrrdValueParsing.Tokens(f.Value);
        if (tokens.Length != dimension) throw Error(field, $"expected {dimension} entries (one per axis), found {tokens.Length}.");
        for (var i = 0; i < dimension; i++)
            if (!valid(tokens[i])) throw Error(field, $"axis {i}: expected {expected}, found '{tokens[i]}'.");
        return tokens;
    }

    private string[]? ParseStrings(string field, int count)
    {
        if (!_fields.TryGetValue(field, out var f)) return null;
        var strings = NrrdValueParsing.TryParseStrings(f.Value, out var problem) ?? throw Error(field, $"{problem}.");
        if (strings.Count != count) throw Error(field, $"expected {count} quoted strings, found {strings.Count}.");
        return strings.ToArray();
    }

    private string[]? RequireAbsent(string field, string what) =>
        _fields.ContainsKey(field) ? throw Error(field, $"'{what}' needs 'space' or 'space dimension'.") : null;

    private void ParseScalars()
    {
        foreach (var field in new[] { Min, Max, OldMin, OldMax })
            if (_fields.TryGetValue(field, out var f) && !NrrdValueParsing.TryParseDouble(f.Value, out _))
                throw Error(field, $"expected a number, found '{f.Value}'.");
        foreach (var field in new[] { BlockSize, Number })
            if (_fields.TryGetValue(field, out var f) && !ulong.TryParse(f.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw Error(field, $"expected a whole number, found '{f.Value}'.");
    }

    private (string[]? Files, int SubDimension) ParseDataFiles(int dimension, int[] sizes)
    {
        if (_dataFileText is null) return (null, dimension);
        var line = _fields[DataFile].Line;
        var spec = NrrdDataFileSpec.Parse(_dataFileText, _listedDataFiles, sizes, m => Error(DataFile, $"line {line}: {m}"), _warnings.Add);
        return (spec.Names(), spec.SubDimension);
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "...";
}
