using System.Text;

namespace VNetAtria.Imaging.Formats;

/// <summary>
/// Minimal RFC 4180 CSV, the one writer and reader of the library's CSV files (metrics, results tables, crop recall,
/// training histories): fields quoted when they hold a comma, quote, CR or LF; "" inside quotes is a quote. It sits
/// with the file formats so that Training, below Results, can read its histories with it.
/// </summary>
internal static class Csv
{
    /// <summary>A field as written: quoted when it holds a comma, quote, CR or LF, else unchanged.</summary>
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>One record: the fields, each quoted when needed, joined by commas (no line end).</summary>
    public static string Record(IEnumerable<string> fields) => string.Join(",", fields.Select(Quote));

    /// <summary>
    /// The fields of one line read line by line (a quoted field may hold commas and quotes, not a line break); an
    /// empty line is one empty field, as <c>"".Split(',')</c>.
    /// </summary>
    /// <exception cref="FormatException">An unterminated quoted field.</exception>
    public static string[] SplitLine(string line)
    {
        IReadOnlyList<(int Line, string[] Fields)> records;
        try { records = Parse(line); }
        catch (FormatException) { throw new FormatException("a quoted field is not closed"); }
        if (records.Count > 1) throw new FormatException("a line break inside a line; read the whole text with Csv.Parse");
        return records.Count == 0 ? [""] : records[0].Fields;
    }

    /// <summary>The records of <paramref name="text"/> (blank lines skipped), with their 1-based line numbers.</summary>
    /// <exception cref="FormatException">An unterminated quoted field.</exception>
    public static IReadOnlyList<(int Line, string[] Fields)> Parse(string text)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': inQuotes = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    if (any || field.Length > 0) { fields.Add(field.ToString()); records.Add((recordLine, fields.ToArray())); }
                    fields.Clear(); field.Clear(); any = false; line++; recordLine = line;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (inQuotes) throw new FormatException($"line {recordLine}: a quoted field is not closed");
        if (any || field.Length > 0) { fields.Add(field.ToString()); records.Add((recordLine, fields.ToArray())); }
        return records;
    }
}
