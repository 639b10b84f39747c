using System.Globalization;
using VNetAtria.Metrics;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Results;

/// <summary>
/// Reads the per-case metrics CSV that <see cref="MetricsTables.ToCsv"/> writes (columns by header name, so their order
/// may change). <see cref="CaseMetrics.WorstCaseDistance"/> is not in the file: it is recovered as the Hausdorff
/// distance of a case with exactly one empty mask (where every distance equals it) and NaN otherwise.
/// </summary>
public static class MetricsCsvReader
{
    private static readonly string[] CountColumns = ["tp", "fp", "fn", "tn"];

    /// <summary>Parses the CSV text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="FormatException">A missing column, a short row, or a value that is not a number (names line and column).</exception>
    public static IReadOnlyList<CaseMetrics> Parse(string text, string source = "metrics.csv")
    {
        IReadOnlyList<(int Line, string[] Fields)> records;
        try { records = Csv.Parse(text); }
        catch (FormatException e) { throw new FormatException($"{source}: {e.Message}", e); }
        if (records.Count == 0) throw new FormatException($"{source}: empty; expected a header line starting with 'case'.");
        var header = records[0].Fields;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) index.TryAdd(header[i].Trim(), i);
        var required = new[] { "case" }.Concat(CaseMetrics.Columns.Select(c => c.Name)).Concat(CountColumns).Concat(["empty_prediction", "empty_reference"]);
        var missing = required.Where(n => !index.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new FormatException($"{source}: missing column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; expected the header MetricsTables.ToCsv writes.");

        var result = new List<CaseMetrics>();
        foreach (var (line, f) in records.Skip(1))
        {
            if (f.Length < header.Length)
                throw new FormatException($"{source} line {line}: {f.Length} fields, expected {header.Length}.");
            double D(string column)
            {
                var s = f[index[column]].Trim();
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new FormatException($"{source} line {line}, column '{column}': '{s}' is not a number.");
            }
            long L(string column)
            {
                var s = f[index[column]].Trim();
                return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                    ? v
                    : throw new FormatException($"{source} line {line}, column '{column}': '{s}' is not an integer.");
            }
            bool B(string column)
            {
                var s = f[index[column]].Trim();
                return bool.TryParse(s, out var v) ? v : throw new FormatException($"{source} line {line}, column '{column}': '{s}' is not true or false.");
            }
            var emptyPrediction = B("empty_prediction");
            var emptyReference = B("empty_reference");
            var hd = D("HD (mm)");
            result.Add(new CaseMetrics(
                f[index["case"]], new OverlapCounts(L("tp"), L("fp"), L("fn"), L("tn")),
                D("Dice"), D("IoU"), D("Precision"), D("Recall"), D("Specificity"),
                hd, D("HD95 (mm)"), D("ASSD (mm)"), D("ASD (mm)"),
                emptyPrediction, emptyReference, emptyPrediction != emptyReference ? hd : double.NaN));
        }
        return result;
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">As <see cref="Parse"/>.</exception>
    public static IReadOnlyList<CaseMetrics> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        return Parse(File.ReadAllText(path), path);
    }
}
