using System.Globalization;
using System.Text;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// The three forms of the <c>data file</c> field, read by teem 1.12's rules (<c>_nrrdReadNrrdParse_data_file</c>,
/// <c>_nrrdDataFNCheck</c>; each rule below was checked against <c>teem-unu</c>):
/// <list type="bullet">
/// <item>a printf pattern <c>name%03d.raw &lt;first&gt; &lt;last&gt; &lt;step&gt; [&lt;subdim&gt;]</c>: the field is a pattern when its first
/// <c>%</c> conversion (after any <c>%%</c>) is digits then <c>d</c>; <c>%i</c>, <c>%u</c> or <c>%-3d</c> make it one file name;
/// the numbers are read as sscanf's <c>"%d %d %d %u"</c> does, so text after the last number read is ignored;</item>
/// <item><c>LIST [&lt;subdim&gt;]</c> (any field starting with "LIST"), the names on every following line of the file;</item>
/// <item>otherwise one file name, the field's text as it stands.</item>
/// </list>
/// Each file holds the <see cref="SubDimension"/> fastest axes (without a subdim: dimension - 1, one file per slice of
/// the slowest axis). With subdim &lt; dimension the file count must be the product of the sizes of the slower axes;
/// with subdim = dimension the files are equal slabs of the slowest axis, so their count must divide its size.
/// </summary>
internal sealed class NrrdDataFileSpec
{
    /// <summary>How the field names its files.</summary>
    public enum Form
    {
        /// <summary>One data file.</summary>
        Single,
        /// <summary><c>LIST [subdim]</c>: the header's following lines.</summary>
        List,
        /// <summary>A printf pattern with first, last, step and an optional subdim.</summary>
        Pattern,
    }

    private const string ListFlag = "LIST";
    private const string SkipListFlag = "SKIPLIST";

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

    /// <summary>How many of the fastest axes each file holds (the dimension for one file or slabs).</summary>
    public int SubDimension { get; }

    /// <summary>Which form teem reads the field's text (after the whitespace that follows "data file: ") as.</summary>
    public static Form FormOf(string value) =>
        IsTeemPattern(value) ? Form.Pattern : value.StartsWith(ListFlag, StringComparison.Ordinal) || value.StartsWith(SkipListFlag, StringComparison.Ordinal) ? Form.List : Form.Single;

    /// <summary>The file names in data order.</summary>
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

    /// <summary>
    /// Parses the field and checks the file count against <paramref name="sizes"/>. <paramref name="value"/> is the
    /// text after "data file: " without its leading whitespace (trailing text is kept: teem keeps it);
    /// <paramref name="listed"/> are the lines after a LIST field.
    /// </summary>
    public static NrrdDataFileSpec Parse(string value, IReadOnlyList<string> listed, int[] sizes, Func<string, Exception> error, Action<string> warn)
    {
        var dimension = sizes.Length;
        NrrdDataFileSpec spec;
        switch (FormOf(value))
        {
            case Form.Pattern:
                spec = ParsePatternField(value, dimension, error, warn);
                break;
            case Form.List when value.StartsWith(SkipListFlag, StringComparison.Ordinal):
                throw error($"'{value}': SKIPLIST (a list of files with a byte skip each) is not supported by this reader; " +
                            "use 'data file: LIST' with one 'byte skip' field for all files, or convert the data with `unu save`.");
            case Form.List:
                spec = ParseListField(value, listed, dimension, error, warn);
                break;
            default:
                if (value.Trim().Length == 0) throw error("empty: expected a file name, 'LIST [<subdim>]' or a pattern 'name%03d.raw <first> <last> <step> [<subdim>]'.");
                // teem would look for a file of exactly this name; it is almost certainly a pattern teem does not recognise.
                if (value.Contains('%') && value.Trim().IndexOfAny([' ', '\t']) > 0)
                    throw error($"'{value}' is not a pattern teem recognises (only a %d conversion with an optional 0 flag and width makes one, e.g. 's%03d.raw 1 10 1'), " +
                                "so teem would read it as one file of exactly this name; write the conversion as %d.");
                return new NrrdDataFileSpec(value, null, null, 0, 0, 1, dimension);
        }
        CheckCount(spec, sizes, error);
        return spec;
    }

    private static NrrdDataFileSpec ParseListField(string value, IReadOnlyList<string> listed, int dimension, Func<string, Exception> error, Action<string> warn)
    {
        var sub = dimension - 1;
        var rest = value[ListFlag.Length..];
        if (rest.Length > 0)
        {
            // teem: sscanf(rest, "%u"); "LIST3" and "LIST 3 anything" read as subdim 3, "LIST x" and "LIST " are refused.
            var scanner = new IntScanner(rest);
            if (scanner.Next() is not { } s)
                throw error($"'{value}': expected 'LIST' or 'LIST <subdim>' (a whole number from 1 to {dimension}), found " +
                            (rest.Trim().Length == 0 ? "only blanks after LIST (teem refuses them too; remove them)." : $"'{rest.Trim()}' after LIST."));
            sub = SubDim(s, value, dimension, error);
            if (scanner.Rest.Trim().Length > 0) warn($"'data file: {value}': '{scanner.Rest.Trim()}' after the subdim was ignored (as teem ignores it).");
        }
        if (listed.Count == 0) throw error("'LIST' is not followed by any file names (one per line after the field, to the end of the header file).");
        return new NrrdDataFileSpec(null, listed, null, 0, 0, listed.Count, sub);
    }

    private static NrrdDataFileSpec ParsePatternField(string value, int dimension, Func<string, Exception> error, Action<string> warn)
    {
        var split = value.IndexOfAny([' ', '\t']);
        var format = split < 0 ? value : value[..split];
        var scanner = new IntScanner(split < 0 ? "" : value[split..]);
        var numbers = new List<long>();
        for (var i = 0; i < 4 && scanner.Next() is { } n; i++) numbers.Add(n);
        if (numbers.Count < 3)
            throw error($"'{value}': a pattern needs three whole numbers after it, '<first> <last> <step>' (and optionally '<subdim>'), e.g. '{format} 1 10 1'.");
        foreach (var n in numbers.Take(3))
            if (n is < int.MinValue or > int.MaxValue) throw error($"'{value}': {n} is out of range for a file number ({int.MinValue} to {int.MaxValue}).");
        var sub = numbers.Count == 4 ? SubDim(numbers[3], value, dimension, error) : dimension - 1;
        if (scanner.Rest.Trim().Length > 0) warn($"'data file: {value}': '{scanner.Rest.Trim()}' after the numbers was ignored (as teem ignores it).");
        var (min, max, step) = (numbers[0], numbers[1], numbers[2]);
        if (step == 0) throw error($"'{value}': the step must not be 0.");
        if ((step > 0 && max < min) || (step < 0 && max > min))
            throw error($"'{value}': a step of {step} never goes from {min} to {max}.");
        var count = (max - min) / step + 1;
        return new NrrdDataFileSpec(null, null, ParsePattern(format, error), min, step, count, sub);
    }

    private static int SubDim(long s, string value, int dimension, Func<string, Exception> error) =>
        s >= 1 && s <= dimension
            ? (int)s
            : throw error($"'{value}': subdim {s} is not a whole number from 1 to {dimension} (the number of axes each file holds).");

    private static void CheckCount(NrrdDataFileSpec spec, int[] sizes, Func<string, Exception> error)
    {
        var dimension = sizes.Length;
        var sub = spec.SubDimension;
        if (sub < dimension)
        {
            // Each file holds the `sub` fastest axes: one file per sample of the slower axes.
            long expected = 1;
            for (var i = sub; i < dimension; i++) expected *= sizes[i];
            if (spec.Count != expected)
                throw error($"names {spec.Count} file(s), but with {sub} axes per file the sizes need {expected} (the product of the sizes of axes {sub} to {dimension - 1}); " +
                            $"give {expected} files, or write the subdim that matches the files.");
            return;
        }
        // subdim == dimension: equal slabs of the slowest axis.
        var slices = sizes[dimension - 1];
        if (spec.Count > slices || slices % spec.Count != 0)
            throw error($"names {spec.Count} file(s) each holding all {dimension} axes, so the files are equal slabs of axis {dimension - 1} and their count must divide its size {slices}; " +
                        $"give a divisor of {slices} files, or a smaller subdim.");
    }

    // teem's _nrrdContainsPercentThisAndMore(value, 'd'): the first conversion that is not "%%" is '%', digits, 'd'.
    private static bool IsTeemPattern(string value)
    {
        var from = 0;
        while (true)
        {
            var p = value.IndexOf('%', from);
            if (p < 0 || p + 1 >= value.Length) return false;
            if (value[p + 1] == '%')
            {
                from = p + 2;
                continue;
            }
            var j = p + 1;
            while (j < value.Length && char.IsAsciiDigit(value[j])) j++;
            return j < value.Length && value[j] == 'd';
        }
    }

    // One %d conversion with an optional 0 flag and width (teem's test admits only these); %% is a literal percent sign.
    private static (string, bool, int, string) ParsePattern(string format, Func<string, Exception> error)
    {
        var prefix = new StringBuilder();
        var suffix = new StringBuilder();
        var found = false;
        var zero = false;
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
            if (j >= format.Length || format[j] != 'd')
                throw error($"pattern '{format}': expected an integer conversion such as %d or %03d.");
            found = true;
            i = j;
        }
        if (!found) throw error($"pattern '{format}' has no %d conversion (teem takes the file numbers' conversion from the first word of the field).");
        return (prefix.ToString(), zero, width, suffix.ToString());
    }

    /// <summary>Reads whole numbers as successive sscanf "%d" conversions do: skip blanks, a sign, digits; stop at the first miss.</summary>
    private sealed class IntScanner(string text)
    {
        private int _at;

        /// <summary>The text after the last number read.</summary>
        public string Rest => text[_at..];

        public long? Next()
        {
            var i = _at;
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            var start = i;
            if (i < text.Length && text[i] is '+' or '-') i++;
            var digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == digits) return null;
            // More digits than a long holds: keep it out of range rather than overflowing.
            if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                n = text[start] == '-' ? long.MinValue : long.MaxValue;
            _at = i;
            return n;
        }
    }
}
