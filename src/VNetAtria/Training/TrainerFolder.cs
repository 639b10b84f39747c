using System.Globalization;
using VNetAtria.Training.Checkpoints;

namespace VNetAtria.Training;

/// <summary>
/// The files a <see cref="Trainer"/> writes into its output folder (a run's locator/ or segmenter/): the one home of
/// their names; <c>Results.RunFolder</c> composes it for each stage.
/// </summary>
/// <param name="Root">The trainer's output folder.</param>
public sealed record TrainerFolder(string Root)
{
    /// <summary>The checkpoint refreshed after every epoch (and every <see cref="TrainerOptions.CheckpointEveryBatches"/> batches).</summary>
    public const string LastCheckpointName = "checkpoint-last" + CheckpointFile.Extension;

    /// <summary>The checkpoint of the best validation Dice.</summary>
    public const string BestCheckpointName = "checkpoint-best" + CheckpointFile.Extension;

    /// <summary>The per-epoch history (reproducible: same seed, machine and thread count, same bytes).</summary>
    public const string HistoryFileName = "history.csv";

    /// <summary>The machine-measurement file written beside history.csv.</summary>
    public const string TimingFileName = "timing.csv";

    /// <summary>The file name of the numbered checkpoint after <paramref name="completedEpochs"/> epochs.</summary>
    public static string EpochCheckpointName(int completedEpochs) =>
        $"checkpoint-epoch-{completedEpochs.ToString("D4", CultureInfo.InvariantCulture)}{CheckpointFile.Extension}";

    /// <summary>checkpoint-last.</summary>
    public string LastCheckpoint => Path.Combine(Root, LastCheckpointName);

    /// <summary>checkpoint-best.</summary>
    public string BestCheckpoint => Path.Combine(Root, BestCheckpointName);

    /// <summary>history.csv.</summary>
    public string History => Path.Combine(Root, HistoryFileName);

    /// <summary>timing.csv.</summary>
    public string Timing => Path.Combine(Root, TimingFileName);

    /// <summary>The numbered checkpoint after <paramref name="completedEpochs"/> epochs.</summary>
    public string EpochCheckpoint(int completedEpochs) => Path.Combine(Root, EpochCheckpointName(completedEpochs));
}
