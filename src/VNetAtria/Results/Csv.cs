using System.Text;
using VNetAtria.Experiments;

namespace VNetAtria.Results;

/// <summary>Minimal RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; "" inside quotes is a quote.</summary>
internal static class Csv
{
    /// <summary>A field as written: quoted when needed.</summary>
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

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
