namespace VNetAtria.Results;

/// <summary>
/// One row of the results table, in the original README's columns (Architecture | Params | Training time | Loss |
/// Batch | LR | HD | IoU | Precision | Recall | Dice) plus HD95 and ASSD, the run's name and the case count.
/// A null value is shown as "-" (the original had no HD for the locator, no HD95 or ASSD at all).
/// </summary>
/// <param name="Run">The run's name (or "original N" for a published row).</param>
/// <param name="Architecture">The model in words, e.g. "VNet + attention (red 4, dil 3)".</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="TrainingTime">Wall-clock training time of the evaluated stage.</param>
/// <param name="Loss">"Dice", "Hybrid", "Focal" or "Hybrid (focal)".</param>
/// <param name="BatchSize">Samples per batch.</param>
/// <param name="LearningRate">Adam's initial learning rate.</param>
/// <param name="Cases">Validation cases summarised (0 when unknown).</param>
/// <param name="Hausdorff">Hausdorff distance (mm).</param>
/// <param name="Hausdorff95">95th-percentile Hausdorff distance (mm).</param>
/// <param name="Assd">Average symmetric surface distance (mm).</param>
/// <param name="IoU">Jaccard index.</param>
/// <param name="Precision">Precision.</param>
/// <param name="Recall">Recall.</param>
/// <param name="Dice">Dice.</param>
public sealed record ResultsRow(
    string Run, string Architecture, long? Parameters, TimeSpan? TrainingTime, string Loss, int BatchSize, double LearningRate, int Cases,
    MeanStd? Hausdorff, MeanStd? Hausdorff95, MeanStd? Assd, MeanStd? IoU, MeanStd? Precision, MeanStd? Recall, MeanStd? Dice);
