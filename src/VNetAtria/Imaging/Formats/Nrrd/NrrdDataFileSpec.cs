using System.Globalization;
using System.Text;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// The three forms of the <c>data file</c> field: one file name; <c>LIST [subdim]</c> with the names on the
/// header's remaining lines; or a printf pattern <c>name%03d.raw min max step [subdim]</c>.
/// Each file holds the <see cref="SubDimension"/> fastest axes; the files follow each other along the slower ones.
/// </summary>
internal sealed class NrrdDataFileSpec
{
    private readonly string? _single;
    private readonly IReadOnlyList<string>? _list;
    private readonly (string Prefix, bool ZeroPad, int Width, string Suffix)? _pattern;
    private readonly long _min, _step;

    private NrrdDataFileSpec(string? single, IReadOnlyList<string>? list, (string, bool, int, string)? pattern, long min, long step, long count, int subDimension)
    {
        _single = single;
        _list = list;
        _pattern = pattern;
        _min = min;
        _step = step;
        Count = count;
        SubDimension = subDimension;
    }

    /// <summary>How many data files there are.</summary>
    public long Count { get; }

    /// <summary>How many of the fastest axes each file holds.</summary>
    public int SubDimension { get; }

    /// <summary>The file names in data order (call only after checking <see cref="Count"/> against the sizes).</summary>
    public string[] Names()
    {
        if (_single is not null) return [_single];
        if (_list is not null) return [.. _list];
        var (prefix, zeroPad, width, suffix) = _pattern!.Value;
        var names = new string[Count];
        for (long i = 0; i < Count; i++)
        {
            var n = _min + i * _step;
            var digits = Math.Abs(n).ToString(CultureInfo.InvariantCulture);
            var sign = n < 0 ? "-" : "";
            var body = zeroPad ? sign + digits.PadLeft(Math.Max(0, width - sign.Length), '0') : (sign + digits).PadLeft(width);
            names[i] = prefix + body + suffix;
        }
        return names;
    }

    /// <summary>Parses the field; <paramref name="listed"/> are the header lines after a LIST field.</summary>
    public static NrrdDataFileSpec Parse(string value, IReadOnlyList<string> listed, int dimension, Func<string, Exception> error)
    {
        if (value.Length == 0) throw error("empty: expected a file name, 'LIST' or a pattern 'name%03d.raw min max step'.");
        var tokens = NrrdValueParsing.Tokens(value);
        if (tokens[0] == "LIST")
        {
            var sub = tokens.Length > 1 ? SubDim(tokens[1], dimension, error) : DefaultSubDim(dimension);
            if (tokens.Length > 2) throw error($"'{value}': expected 'LIST' or 'LIST <subdim>'.");
            if (listed.Count == 0) throw error("'LIST' is not followed by any file names (one per line after the field).");
            return new NrrdDataFileSpec(null, listed, null, 0, 0, listed.Count, sub);
        }
        if (tokens.Length is 4 or 5 && tokens[0].Contains('%') &&
            long.TryParse(tokens[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var min) &&
            long.TryParse(tokens[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max) &&
            long.TryParse(tokens[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step))
        {
            var sub = tokens.Length == 5 ? SubDim(tokens[4], dimension, error) : DefaultSubDim(dimension);
            if (step == 0) throw error($"'{value}': the step must not be 0.");
            if ((step > 0 && max < min) || (step < 0 && max > min))
                throw error($"'{value}': a step of {step} never goes from {min} to {max}.");
            var count = (long)((Int128)(max - (Int128)min) / step) + 1;
            return new NrrdDataFileSpec(null, null, ParsePattern(tokens[0], error), min, step, count, sub);
        }
        return new NrrdDataFileSpec(value, null, null, 0, 0, 1, dimension);
    }

    // teem's default: one file per slice of the slowest axis.
    private static int DefaultSubDim(int dimension) => Math.Max(1, dimension - 1);

    private static int SubDim(string token, int dimension, Func<string, Exception> error) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s >= 1 && s <= dimension
            ? s
            : throw error($"subdim '{token}': expected a whole number from 1 to {dimension} (the number of axes in each file).");

    // One integer conversion (%d, %i or %u with optional 0 flag and width); %% is a literal percent sign.
    private static (string, bool, int, string) ParsePattern(string format, Func<string, Exception> error)
    {
        var prefix = new StringBuilder();
        var suffix = new StringBuilder();
        var found = false;
        bool zero = false;
        var width = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            var target = found ? suffix : prefix;
            if (c != '%') { target.Append(c); continue; }
            if (i + 1 < format.Length && format[i + 1] == '%') { target.Append('%'); i++; continue; }
            if (found) throw error($"pattern '{format}' has more than one conversion; expected exactly one %d.");
            var j = i + 1;
            if (j < format.Length && format[j] == '0') { zero = true; j++; }
            var w = j;
            while (j < format.Length && char.IsAsciiDigit(format[j])) j++;
            if (j > w && !int.TryParse(format[w..j], NumberStyles.None, CultureInfo.InvariantCulture, out width) || width > 64)
                throw error($"pattern '{format}': the field width must be a small number.");
            if (j >= format.Length || format[j] is not ('d' or 'i' or 'u'))
                throw error($"pattern '{format}': expected an integer conversion such as %d or %03d.");
            found = true;
            i = j;
        }
        if (!found) throw error($"pattern '{format}' has no %d conversion.");
        return (prefix.ToString(), zero, width, suffix.ToString());
    }
}
