using VNetAtria.Experiments;
using VNetAtria.Tests.Experiments;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Tests.Plotting;

/// <summary>
/// Two tiny finished run folders written as the pipeline writes them (config.json, run-summary.json, metrics.csv and the
/// trainer's segmenter/history.csv), without training: an attention run (dil 3) and a plain VNet Dice run.
/// </summary>
internal static class ReportRunFolders
{
    /// <summary>The plain run's cases: Dice 0.6/0.7/0.8 on the same three case ids as <see cref="ResultsFixtures.ThreeCases"/>.</summary>
    public static IReadOnlyList<VNetAtria.Metrics.CaseMetrics> PlainCases { get; } =
    [
        ResultsFixtures.Case("Case001", 0.6, 0.45, 0.7, 0.6, 40, 4, 2.0),
        ResultsFixtures.Case("Case002", 0.7, 0.55, 0.7, 0.7, 50, 5, 2.5),
        ResultsFixtures.Case("Case003", 0.8, 0.65, 0.9, 0.7, 60, 6, 3.0),
    ];

    /// <summary>A plain VNet (Dice, lr 3e-4, batch 3) run named "vnet-dice".</summary>
    public static RunResult PlainRun { get; } = new(
        ExperimentConfigLoader.Parse("""{ "name": "vnet-dice", "data": { "root": "/data" } }"""),
        new RunSummary
        {
            Name = "vnet-dice", Device = "cpu", EvaluatedStage = ExperimentStage.Segmenter,
            Segmenter = new StageSummary { Parameters = 10_759_306, TrainingSeconds = 45, Epochs = 3, BestEpoch = 3, BestValidationLoss = 0.3 },
        },
        PlainCases);

    /// <summary>Three epochs; epoch 2 without validation (NaN, as the trainer writes it).</summary>
    public static IReadOnlyList<EpochRecord> History(double alpha) =>
    [
        new(1, 0.9, 0.9, 0.8, 0.8, 0.3, 1e-3, alpha, 10, 1000),
        new(2, 0.7, 0.7, double.NaN, double.NaN, double.NaN, 1e-3, alpha, 10, 1000),
        new(3, 0.5, 0.5, 0.45, 0.45, 0.6, 8e-4, alpha, 10, 1000),
    ];

    /// <summary>Writes <paramref name="run"/> into <paramref name="folder"/> as the pipeline does; the history only when given.</summary>
    public static string Write(string folder, RunResult run, IReadOnlyList<EpochRecord>? history)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RunFolder.ConfigFileName), run.Config.ToJson());
        run.Summary.Write(Path.Combine(folder, RunFolder.SummaryFileName));
        MetricsTables.Write(Path.Combine(folder, RunFolder.MetricsFileName), MetricsTables.ToCsv(run.Cases));
        if (history is not null)
        {
            Directory.CreateDirectory(Path.Combine(folder, "segmenter"));
            TrainingHistory.Write(Path.Combine(folder, "segmenter", TrainerFolder.HistoryFileName), history);
        }
        return folder;
    }

    /// <summary>Both runs in <paramref name="root"/>: "att3" (with history) and "vnet-dice" (with history).</summary>
    public static (string Attention, string Plain) WriteBoth(string root) =>
        (Write(Path.Combine(root, "att3"), ResultsFixtures.AttentionRun(ResultsFixtures.ThreeCases), History(1)),
         Write(Path.Combine(root, "vnet-dice"), PlainRun, History(1)));
}
