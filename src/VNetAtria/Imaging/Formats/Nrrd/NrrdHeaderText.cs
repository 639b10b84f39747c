using System.Text;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// The first stage of header reading: finds where the header ends in the file and splits it into lines,
/// without interpreting fields. An attached header ends at the first empty line (the data follows it);
/// a detached header may instead end at the end of the file.
/// </summary>
internal sealed class NrrdHeaderText
{
    /// <summary>A header longer than this is not a header (or lacks the blank line before its data).</summary>
    internal const int MaxHeaderBytes = 16 << 20;

    private NrrdHeaderText(List<string> lines, long dataOffset, bool endedByBlankLine)
    {
        Lines = lines;
        DataOffset = dataOffset;
        EndedByBlankLine = endedByBlankLine;
    }

    /// <summary>Header lines without their line ends; line 0 is the magic.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Offset of the first byte after the blank line (the file length when there is none).</summary>
    public long DataOffset { get; }

    /// <summary>True when an empty line ended the header, false when the file ended first.</summary>
    public bool EndedByBlankLine { get; }

    public static NrrdHeaderText Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var buffer = new byte[Math.Min(64 * 1024, Math.Max(16, (int)Math.Min(stream.Length, int.MaxValue)))];
        var filled = 0;
        var eof = false;

        void Fill()
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeaderBytes)
                    throw new VolumeFormatException(path, null, $"no empty line ends the header within its first {MaxHeaderBytes >> 20} MiB: an attached NRRD header must end with an empty line before the data.");
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxHeaderBytes));
            }
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0) eof = true;
            filled += n;
        }

        // Check the magic before anything else so that a non-NRRD file is refused after 8 bytes.
        while (filled < 8 && !eof) Fill();
        var magic = Encoding.ASCII.GetString(buffer, 0, Math.Min(filled, 8));
        if (filled < 8 || !magic.StartsWith("NRRD000", StringComparison.Ordinal) || buffer[7] < (byte)'1' || buffer[7] > (byte)'5')
            throw new VolumeFormatException(path, "magic", $"not a NRRD file: expected the first line NRRD0001 ... NRRD0005, found '{Printable(buffer.AsSpan(0, Math.Min(filled, 8)))}'.");

        var lines = new List<string>();
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var start = 0;
        while (true)
        {
            var nl = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
            if (nl < 0)
            {
                if (!eof) { Fill(); continue; }
                if (start < filled) lines.Add(Decode(path, utf8, buffer.AsSpan(start, filled - start), lines.Count + 1));
                return new NrrdHeaderText(lines, filled, endedByBlankLine: false);
            }
            var line = buffer.AsSpan(start, nl);
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            var next = start + nl + 1;
            if (line.IsEmpty) return new NrrdHeaderText(lines, next, endedByBlankLine: true);
            lines.Add(Decode(path, utf8, line, lines.Count + 1));
            start = next;
        }
    }

    private static string Decode(string path, UTF8Encoding utf8, ReadOnlySpan<byte> line, int lineNumber)
    {
        // Binary bytes here mean the empty line before the data is missing: say so instead of parsing noise.
        foreach (var b in line)
            if (b < 0x20 && b != (byte)'\t')
                throw new VolumeFormatException(path, $"line {lineNumber}", "the header line holds binary bytes: an attached NRRD header must end with an empty line before the data.");
        try { return utf8.GetString(line); }
        catch (DecoderFallbackException)
        {
            throw new VolumeFormatException(path, $"line {lineNumber}", "the header line is not UTF-8 text: an attached NRRD header must end with an empty line before the data.");
        }
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes) sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '?');
        return sb.ToString();
    }
}
