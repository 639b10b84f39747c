using System.Globalization;
using System.Text;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Training;

/// <summary>Writes and reads history.csv: one <see cref="EpochRecord"/> per line, invariant culture, round-trip doubles, empty cells for NaN.</summary>
public static class TrainingHistory
{
    /// <summary>The header line's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "epoch", "train_loss", "train_dice_loss", "val_loss", "val_dice_loss", "val_dice",
        "learning_rate", "alpha", "epoch_seconds", "peak_memory_bytes",
    ];

    /// <summary>The CSV text of <paramref name="records"/>.</summary>
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
              .Append(Number(r.Alpha)).Append(',')
              .Append(Number(r.Seconds)).Append(',')
              .Append(r.PeakMemoryBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes history.csv atomically.</summary>
    public static void Write(string path, IEnumerable<EpochRecord> records) => AtomicFile.WriteAllText(path, ToCsv(records));

    /// <summary>Reads a history.csv written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming the line.</summary>
    public static IReadOnlyList<EpochRecord> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != string.Join(',', Columns))
            throw new InvalidDataException($"'{path}' is not a training history: its first line must be '{string.Join(',', Columns)}'.");
        var records = new List<EpochRecord>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split(',');
            if (f.Length != Columns.Count)
                throw new InvalidDataException($"'{path}' line {i + 1} has {f.Length} fields, expected {Columns.Count}.");
            try
            {
                records.Add(new EpochRecord(
                    int.Parse(f[0], CultureInfo.InvariantCulture), Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4]), Parse(f[5]),
                    Parse(f[6]), Parse(f[7]), Parse(f[8]), long.Parse(f[9], CultureInfo.InvariantCulture)));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"'{path}' line {i + 1} has a malformed number: {e.Message}", e);
            }
        }
        return records;
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static double Parse(string s) => s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
