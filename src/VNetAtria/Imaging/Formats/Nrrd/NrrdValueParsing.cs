using System.Globalization;
using System.Text;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>Parses the value syntax of NRRD fields: numbers (with nan/inf), "(x,y,z)" vectors, quoted strings, escapes.</summary>
internal static class NrrdValueParsing
{
    private static readonly char[] Whitespace = [' ', '\t'];

    public static string[] Tokens(string value) => value.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A double as teem's airSingleSscanf reads it: decimal, or nan / inf / +inf / -inf in any case.</summary>
    public static bool TryParseDouble(string token, out double value)
    {
        switch (token.ToLowerInvariant())
        {
            case "nan": case "+nan": case "-nan": value = double.NaN; return true;
            case "inf": case "+inf": case "infinity": case "+infinity": value = double.PositiveInfinity; return true;
            case "-inf": case "-infinity": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Parses a list of "(a,b,c)" vectors and "none" entries (spaces are allowed inside the parentheses).
    /// Returns null and an explanation when the text does not have that form.
    /// </summary>
    public static List<double[]?>? TryParseVectors(string value, out string? problem)
    {
        var result = new List<double[]?>();
        var i = 0;
        problem = null;
        while (true)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i])) i++;
            if (i >= value.Length) return result;
            if (value[i] == '(')
            {
                var close = value.IndexOf(')', i);
                if (close < 0) { problem = $"'(' at character {i + 1} is not closed by ')'"; return null; }
                var parts = value[(i + 1)..close].Split(',');
                var v = new double[parts.Length];
                for (var k = 0; k < parts.Length; k++)
                    if (!TryParseDouble(parts[k].Trim(), out v[k])) { problem = $"'{parts[k].Trim()}' in '{value[i..(close + 1)]}' is not a number"; return null; }
                result.Add(v);
                i = close + 1;
            }
            else
            {
                var end = i;
                while (end < value.Length && !char.IsWhiteSpace(value[end])) end++;
                var token = value[i..end];
                if (!token.Equals("none", StringComparison.OrdinalIgnoreCase)) { problem = $"'{token}' is neither a vector '(x,y,z)' nor 'none'"; return null; }
                result.Add(null);
                i = end;
            }
        }
    }

    /// <summary>Parses whitespace-separated strings, each in double quotes (with \" and \\ escapes) or bare.</summary>
    public static List<string>? TryParseStrings(string value, out string? problem)
    {
        var result = new List<string>();
        problem = null;
        var i = 0;
        while (true)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i])) i++;
            if (i >= value.Length) return result;
            if (value[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= value.Length) { problem = "a quoted string is not closed by '\"'"; return null; }
                    var c = value[i++];
                    if (c == '"') break;
                    if (c == '\\' && i < value.Length && value[i] is '"' or '\\') c = value[i++];
                    sb.Append(c);
                }
                result.Add(sb.ToString());
            }
            else
            {
                var end = i;
                while (end < value.Length && !char.IsWhiteSpace(value[end])) end++;
                result.Add(value[i..end]);
                i = end;
            }
        }
    }

    /// <summary>Undoes the key:=value escapes of the NRRD spec: "\n" is a newline and "\\" a backslash.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('\\')) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is 'n' or '\\')
            {
                sb.Append(text[i + 1] == 'n' ? '\n' : '\\');
                i++;
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Applies the key:=value escapes: backslash becomes "\\" and newline "\n".</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A double written so that it reads back exactly (shortest round-trip form, invariant culture).</summary>
    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>"(x,y,z)" as the writer spells vectors.</summary>
    public static string Format(Vector3d v) => $"({Format(v.X)},{Format(v.Y)},{Format(v.Z)})";
}
