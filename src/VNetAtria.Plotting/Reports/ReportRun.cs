using VNetAtria.Experiments;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Plotting.Reports;

/// <summary>
/// A finished run as a report shows it: its folder, its results (config, summary, per-case metrics) and the training
/// history of its evaluated stage (empty when the folder has no history.csv, e.g. a copied summary without trainer files).
/// </summary>
/// <param name="Folder">The run folder (absolute).</param>
/// <param name="Result">Config, summary and per-case metrics.</param>
/// <param name="History">Per-epoch history of the evaluated stage (its history.csv), in epoch order.</param>
public sealed record ReportRun(string Folder, RunResult Result, IReadOnlyList<EpochRecord> History)
{
    /// <summary>The run's name (its config's).</summary>
    public string Name => Result.Config.Name;

    /// <summary>
    /// Reads a finished run folder: config.json, run-summary.json and metrics.csv (<see cref="RunResult.Load"/>), and
    /// &lt;stage&gt;/history.csv of the evaluated stage when present.
    /// </summary>
    /// <exception cref="RunFolderException">The folder is missing, incomplete or holds an unreadable file; the message names the folder or file.</exception>
    public static ReportRun Load(string runFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runFolder);
        var folder = Path.GetFullPath(runFolder);
        var result = RunResult.Load(folder);
        var stage = result.Config.EvaluatedStage == ExperimentStage.Locator ? "locator" : "segmenter";
        var history = Path.Combine(folder, stage, TrainerFolder.HistoryFileName);
        IReadOnlyList<EpochRecord> records = [];
        if (File.Exists(history))
        {
            try { records = TrainingHistory.Read(history); }
            catch (Exception e) when (e is InvalidDataException or FormatException or OverflowException)
            {
                throw new RunFolderException($"Run folder '{folder}': {e.Message} Re-run the training or remove the file to report without curves.", e);
            }
        }
        return new ReportRun(folder, result, records);
    }
}
