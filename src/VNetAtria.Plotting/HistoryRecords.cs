using VNetAtria.Training;

namespace VNetAtria.Plotting;

/// <summary>
/// The trainer's history (history.csv, <see cref="Training.EpochRecord"/>) as the charts' <see cref="EpochRecord"/>:
/// NaN (no validation that epoch) becomes a gap.
/// </summary>
public static class HistoryRecords
{
    /// <summary>The chart records of a training history, in its order.</summary>
    public static IReadOnlyList<EpochRecord> From(IEnumerable<Training.EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Select(e => new EpochRecord(e.Epoch, e.TrainLoss, Value(e.ValidationLoss), Value(e.ValidationDice), Value(e.LearningRate), Value(e.Alpha))).ToList();
    }

    /// <summary>Reads a trainer's history.csv (<see cref="TrainingHistory.Read"/>) as chart records.</summary>
    /// <exception cref="InvalidDataException">The file is not a training history (the message names the file and line).</exception>
    public static IReadOnlyList<EpochRecord> Read(string historyCsv) => From(TrainingHistory.Read(historyCsv));

    private static double? Value(double v) => double.IsFinite(v) ? v : null;
}
