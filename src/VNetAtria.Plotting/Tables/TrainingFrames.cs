using Microsoft.Data.Analysis;
using VNetAtria.Training;

namespace VNetAtria.Plotting.Tables;

/// <summary>
/// A trainer's history (history.csv, <see cref="TrainingResult.History"/>) as a table and as the
/// points of <see cref="TrainingCurves"/>.
/// </summary>
public static class TrainingFrames
{
    /// <summary>
    /// One row per epoch: "Epoch", "Train loss", "Train Dice loss", "Validation loss", "Validation Dice loss",
    /// "Validation Dice", "Learning rate", "Alpha", "Seconds". Epochs without validation have empty validation cells.
    /// </summary>
    public static DataFrame History(IEnumerable<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var list = history.OrderBy(e => e.Epoch).ToList();
        DoubleDataFrameColumn Column(string name, Func<EpochRecord, double> value) =>
            new(name, list.Select(e => value(e) is var v && double.IsNaN(v) ? (double?)null : v));
        return new DataFrame(
            new Int32DataFrameColumn("Epoch", list.Select(e => e.Epoch)),
            Column("Train loss", e => e.TrainLoss),
            Column("Train Dice loss", e => e.TrainDiceLoss),
            Column("Validation loss", e => e.ValidationLoss),
            Column("Validation Dice loss", e => e.ValidationDiceLoss),
            Column("Validation Dice", e => e.ValidationDice),
            Column("Learning rate", e => e.LearningRate),
            Column("Alpha", e => e.Alpha),
            Column("Seconds", e => e.Seconds));
    }

    /// <summary>
    /// The history as <see cref="TrainingCurves"/> points. NaN (no validation that epoch) becomes a gap. Alpha is
    /// kept only when the loss mixed in the boundary term (some epoch's region weight below 1): a Dice-only run's
    /// constant 1 would be an empty panel.
    /// </summary>
    public static IReadOnlyList<(int Epoch, double TrainLoss, double? ValidationLoss, double? ValidationDice, double? LearningRate, double? Alpha)> ToCurvePoints(this IEnumerable<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var list = history.ToList();
        var hybrid = list.Any(e => e.Alpha < 1);
        static double? Value(double v) => double.IsNaN(v) ? null : v;
        return list.Select(e => (e.Epoch, e.TrainLoss, Value(e.ValidationLoss), Value(e.ValidationDice),
            Value(e.LearningRate), hybrid ? Value(e.Alpha) : null)).ToList();
    }
}
