using VNetAtria.Experiments;
using VNetAtria.Metrics;
using VNetAtria.Results;

namespace VNetAtria.Tests.Experiments;

/// <summary>Hand-made cases and runs for the results-table tests.</summary>
internal static class ResultsFixtures
{
    /// <summary>A case whose metrics are given directly (counts are arbitrary but consistent with nothing in particular).</summary>
    public static CaseMetrics Case(string id, double dice, double iou, double precision, double recall, double hd, double hd95, double assd,
        bool emptyPrediction = false, bool emptyReference = false) =>
        new(id, new OverlapCounts(10, 2, 3, 985), dice, iou, precision, recall, 0.99, hd, hd95, assd, assd * 0.9, emptyPrediction, emptyReference,
            emptyPrediction != emptyReference ? hd : 123.5);

    /// <summary>Three cases: Dice 0.8/0.9/1.0, IoU 0.6/0.7/0.8, precision 0.5/0.5/0.8, recall 0.9/0.9/0.9, HD 10/20/30, HD95 1/2/3, ASSD 0.5/1/1.5.</summary>
    public static IReadOnlyList<CaseMetrics> ThreeCases { get; } =
    [
        Case("Case001", 0.8, 0.6, 0.5, 0.9, 10, 1, 0.5),
        Case("Case002", 0.9, 0.7, 0.5, 0.9, 20, 2, 1.0),
        Case("Case003", 1.0, 0.8, 0.8, 0.9, 30, 3, 1.5),
    ];

    /// <summary>A run of the attention (dilation 3) segmenter with the given cases.</summary>
    public static RunResult AttentionRun(IReadOnlyList<CaseMetrics> cases) => new(
        ExperimentConfigLoader.Parse("""
            { "name": "att3", "data": { "root": "/data" },
              "segmenter": { "model": { "attention": true, "attentionDilation": 3 }, "optimiser": { "lr": 0.00025 } } }
            """),
        new RunSummary
        {
            Name = "att3", Device = "cuda:0", EvaluatedStage = ExperimentStage.Segmenter,
            Segmenter = new StageSummary { Parameters = 10_759_306 + 1234, TrainingSeconds = 14.5 * 3600, Epochs = 200, BestEpoch = 150, BestValidationLoss = 0.12 },
        },
        cases);

    /// <summary>A locator-only run.</summary>
    public static RunResult LocatorRun(IReadOnlyList<CaseMetrics> cases) => new(
        ExperimentConfigLoader.Parse("""{ "name": "loc", "data": { "root": "/data" }, "segmenter": { "enabled": false } }"""),
        new RunSummary
        {
            Name = "loc", Device = "cpu", EvaluatedStage = ExperimentStage.Locator,
            Locator = new StageSummary { Parameters = 170_321, TrainingSeconds = 45, Epochs = 3 },
        },
        cases);
}
