using System.Globalization;
using System.Text;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Training;

/// <summary>
/// A training's history on disk, as two CSV files in the stage folder (invariant culture, round-trip doubles, empty
/// cells for NaN): history.csv holds what training computed, one <see cref="EpochRecord"/> per line without its
/// machine measurements, so the same seed, machine and thread count give the same bytes; timing.csv beside it holds
/// what each epoch cost on this machine (<see cref="EpochRecord.Seconds"/>, <see cref="EpochRecord.PeakMemoryBytes"/>).
/// Histories written before the split (10 columns, timings included) still read.
/// </summary>
public static class TrainingHistory
{
    /// <summary>history.csv's header columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "epoch", "train_loss", "train_dice_loss", "val_loss", "val_dice_loss", "val_dice", "learning_rate", "alpha",
    ];

    /// <summary>timing.csv's header columns, in order.</summary>
    public static IReadOnlyList<string> TimingColumns { get; } = ["epoch", "epoch_seconds", "peak_memory_bytes"];

    /// <summary>The columns of history.csv files written before the timings moved to timing.csv (still read).</summary>
    public static IReadOnlyList<string> LegacyColumns { get; } = [.. Columns, "epoch_seconds", "peak_memory_bytes"];

    /// <summary>The path of timing.csv beside <paramref name="historyPath"/>.</summary>
    public static string TimingPathFor(string historyPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(historyPath)) ?? ".", TrainerFolder.TimingFileName);

    /// <summary>The text of history.csv for <paramref name="records"/> (no machine measurements).</summary>
    public static string ToCsv(IEnumerable<EpochRecord> records)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append('\n');
        foreach (var r in records)
        {
            sb.Append(r.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Number(r.TrainLoss)).Append(',')
              .Append(Number(r.TrainDiceLoss)).Append(',')
              .Append(Number(r.ValidationLoss)).Append(',')
              .Append(Number(r.ValidationDiceLoss)).Append(',')
              .Append(Number(r.ValidationDice)).Append(',')
              .Append(Number(r.LearningRate)).Append(',')
              .Append(Number(r.Alpha)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The text of timing.csv for <paramref name="records"/>.</summary>
    public static string TimingToCsv(IEnumerable<EpochRecord> records)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', TimingColumns)).Append('\n');
        foreach (var r in records)
        {
            sb.Append(r.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Number(r.Seconds)).Append(',')
              .Append(r.PeakMemoryBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes history.csv at <paramref name="historyPath"/> and timing.csv beside it, each atomically.</summary>
    public static void Write(string historyPath, IEnumerable<EpochRecord> records)
    {
        var list = records.ToList();
        AtomicFile.WriteAllText(TimingPathFor(historyPath), TimingToCsv(list));
        AtomicFile.WriteAllText(historyPath, ToCsv(list));
    }

    /// <summary>
    /// Reads history.csv and, when present, timing.csv beside it (epochs it lacks get NaN seconds and 0 bytes). A
    /// history written before the split carries its timings itself and needs no timing.csv.
    /// </summary>
    /// <exception cref="InvalidDataException">Either file is malformed; the message names the file and the line.</exception>
    public static IReadOnlyList<EpochRecord> Read(string historyPath)
    {
        var lines = File.ReadAllLines(historyPath);
        var header = lines.Length == 0 ? null : lines[0];
        var legacy = header == string.Join(',', LegacyColumns);
        if (!legacy && header != string.Join(',', Columns))
            throw new InvalidDataException($"'{historyPath}' is not a training history: its first line must be '{string.Join(',', Columns)}' " +
                                           $"(or, written before timing.csv, '{string.Join(',', LegacyColumns)}').");
        var width = legacy ? LegacyColumns.Count : Columns.Count;
        var rows = Rows(historyPath, lines, width, legacy ? [0, 9] : [0]);
        var timings = legacy ? null : ReadTimings(TimingPathFor(historyPath));
        return rows.Select(f => Record(f, legacy, timings)).ToList();
    }

    private static EpochRecord Record(string[] f, bool legacy, Dictionary<int, (double Seconds, long Bytes)>? timings)
    {
        var epoch = int.Parse(f[0], CultureInfo.InvariantCulture);
        var (seconds, bytes) = legacy ? (Parse(f[8]), long.Parse(f[9], CultureInfo.InvariantCulture))
            : timings is not null && timings.TryGetValue(epoch, out var t) ? t : (double.NaN, 0L);
        return new EpochRecord(epoch, Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4]), Parse(f[5]), Parse(f[6]), Parse(f[7]), seconds, bytes);
    }

    private static Dictionary<int, (double, long)>? ReadTimings(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != string.Join(',', TimingColumns))
            throw new InvalidDataException($"'{path}' is not a training timing file: its first line must be '{string.Join(',', TimingColumns)}'.");
        var timings = new Dictionary<int, (double, long)>();
        foreach (var f in Rows(path, lines, TimingColumns.Count, [0, 2]))
            timings[int.Parse(f[0], CultureInfo.InvariantCulture)] = (Parse(f[1]), long.Parse(f[2], CultureInfo.InvariantCulture));
        return timings;
    }

    /// <summary>The data rows split into fields, checked: the field count, numbers, and integers in <paramref name="integerColumns"/>.</summary>
    private static List<string[]> Rows(string path, string[] lines, int width, int[] integerColumns)
    {
        var rows = new List<string[]>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            string[] f;
            try { f = Csv.SplitLine(lines[i]); }
            catch (FormatException e) { throw new InvalidDataException($"'{path}' line {i + 1}: {e.Message}.", e); }
            if (f.Length != width)
                throw new InvalidDataException($"'{path}' line {i + 1} has {f.Length} fields, expected {width}.");
            foreach (var field in f)
            {
                if (field.Length > 0 && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw new InvalidDataException($"'{path}' line {i + 1} has a malformed number '{field}'.");
            }
            foreach (var c in integerColumns)
            {
                if (!long.TryParse(f[c], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || (c == 0 && n is < 0 or > int.MaxValue))
                    throw new InvalidDataException($"'{path}' line {i + 1} column {c + 1} must be a whole number, found '{f[c]}'.");
            }
            rows.Add(f);
        }
        return rows;
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static double Parse(string s) => s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
