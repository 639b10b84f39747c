using VNetAtria.Imaging.Formats.Compression;
using System.Text;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Writes volumes as NRRD0004 the way 3D Slicer places them: type, dimension 3, space left-posterior-superior,
/// sizes W H D, space directions (axis x spacing, LPS), kinds domain domain domain, endian little, encoding,
/// space origin, then every metadata entry as an escaped key:=value pair in the volume's order.
/// Attached (.nrrd) by default; detached (header + .raw / .raw.gz beside it) for .nhdr paths or on request.
/// Files are written atomically, and gzip output is deterministic (no time stamp, fixed OS byte).
/// </summary>
public static class NrrdWriter
{
    /// <summary>Writes a volume as NRRD (attached unless the path ends in .nhdr or <see cref="NrrdWriteOptions.Detached"/> is set).</summary>
    public static void Write(string path, IVolume volume, NrrdWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        options ??= new NrrdWriteOptions();
        if (options.Encoding is not (NrrdEncoding.Raw or NrrdEncoding.Gzip))
            throw new ArgumentException($"NRRD writing supports raw and gzip encodings, not {options.Encoding}.", nameof(options));
        if (options.Encoding == NrrdEncoding.Gzip && options.CompressionLevel is < 1 or > 9)
            throw new ArgumentException($"CompressionLevel {options.CompressionLevel}: expected 1 (fastest) to 9 (smallest).", nameof(options));
        CheckGeometry(volume.Geometry);

        var detached = options.Detached || path.EndsWith(".nhdr", StringComparison.OrdinalIgnoreCase);
        string? dataPath = null;
        if (detached)
        {
            var stem = Path.GetFileName(path);
            foreach (var ext in new[] { ".nhdr", ".nrrd" })
                if (stem.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { stem = stem[..^ext.Length]; break; }
            dataPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, stem + (options.Encoding == NrrdEncoding.Gzip ? ".raw.gz" : ".raw"));
            // teem (and our reader) would read such a name as a file pattern or a LIST, not as this one file.
            if (NrrdDataFileSpec.FormOf(Path.GetFileName(dataPath)) != NrrdDataFileSpec.Form.Single)
                throw new ArgumentException($"{path}: the data file name '{Path.GetFileName(dataPath)}' would be read as a {NrrdDataFileSpec.FormOf(Path.GetFileName(dataPath)).ToString().ToLowerInvariant()} " +
                                            "('%' + digits + 'd' makes a file pattern, a leading 'LIST' a file list); choose a header name without them, or write an attached .nrrd.", nameof(path));
        }

        var header = Encoding.UTF8.GetBytes(HeaderText(volume, options.Encoding, dataPath is null ? null : Path.GetFileName(dataPath)));
        if (dataPath is null)
        {
            AtomicFile.Write(path, stream =>
            {
                stream.Write(header);
                WriteData(stream, volume, options);
            });
        }
        else
        {
            // Data first: a header never points at data that is not there yet.
            AtomicFile.Write(dataPath, stream => WriteData(stream, volume, options));
            AtomicFile.Write(path, stream => stream.Write(header));
        }
    }

    // "type: x" as a key makes the line "type: x:=v", which teem reads as the field 'type'.
    private static bool LooksLikeField(string key)
    {
        var written = NrrdValueParsing.Escape(key);
        var colon = written.IndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 && (NrrdFieldNames.Canonical(written[..colon]) is not null || written[..colon].Equals("key/value", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The header text (ending with the blank line for attached data, or the data file line for detached).</summary>
    internal static string HeaderText(IVolume volume, NrrdEncoding encoding, string? dataFileName)
    {
        var g = volume.Geometry;
        var s = volume.Shape;
        var sb = new StringBuilder();
        sb.Append("NRRD0004\n");
        sb.Append("# Complete NRRD file format specification at:\n");
        sb.Append("# http://teem.sourceforge.net/nrrd/format.html\n");
        sb.Append("type: ").Append(NrrdTypeNames.CanonicalName(volume.VoxelType)).Append('\n');
        sb.Append("dimension: 3\n");
        sb.Append("space: ").Append(NrrdSpaces.LeftPosteriorSuperior).Append('\n');
        sb.Append($"sizes: {s.Width} {s.Height} {s.Depth}\n");
        sb.Append("space directions: ").AppendJoin(' ', NrrdGeometry.Directions(g).Select(NrrdValueParsing.Format)).Append('\n');
        sb.Append("kinds: domain domain domain\n");
        sb.Append("endian: little\n");
        sb.Append("encoding: ").Append(encoding == NrrdEncoding.Gzip ? "gzip" : "raw").Append('\n');
        sb.Append("space origin: ").Append(NrrdValueParsing.Format(g.Origin)).Append('\n');
        foreach (var (key, value) in volume.Metadata)
        {
            if (key.Length == 0 || key.Contains(":=", StringComparison.Ordinal) || key.StartsWith('#') || LooksLikeField(key))
                throw new ArgumentException($"Metadata key '{key}' cannot be written as a NRRD key:=value pair: a key must be non-empty, not start with '#', " +
                                            "not contain ':=' and not start with a field name and ': ' (readers would take the line for that field).", nameof(volume));
            sb.Append(NrrdValueParsing.Escape(key)).Append(":=").Append(NrrdValueParsing.Escape(value)).Append('\n');
        }
        if (dataFileName is not null) sb.Append("data file: ").Append(dataFileName).Append('\n');
        else sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteData(Stream stream, IVolume volume, NrrdWriteOptions options)
    {
        var bytes = volume.AsBytes();
        if (!BitConverter.IsLittleEndian && volume.VoxelType.SizeOf() > 1)
        {
            var swapped = bytes.ToArray();
            ByteOrder.Reverse(swapped, volume.VoxelType.SizeOf());
            bytes = swapped;
        }
        if (options.Encoding == NrrdEncoding.Gzip) DeterministicGzip.Write(stream, bytes, options.CompressionLevel);
        else stream.Write(bytes);
    }

    private static void CheckGeometry(VolumeGeometry g)
    {
        if (!g.Spacing.IsValid) throw new ArgumentException($"Cannot write NRRD: spacing {g.Spacing} must be finite and positive.");
        foreach (var (name, v) in new[] { ("AxisW", g.AxisW), ("AxisH", g.AxisH), ("AxisD", g.AxisD), ("Origin", g.Origin) })
            if (!double.IsFinite(v.X) || !double.IsFinite(v.Y) || !double.IsFinite(v.Z))
                throw new ArgumentException($"Cannot write NRRD: {name} {v} is not finite.");
    }
}
