using VNetAtria.Recipes;
using VNetAtria.Recipes.Sweeps;
using VNetAtria.Training.Checkpoints;
using VNetAtria.Results;

namespace VNetAtria.Tests.Recipes;

/// <summary>
/// The smallest sweep that still trains for real: six synthetic phantoms (four train, two validation), a width-2 locator
/// for one epoch, width-2 segmenters at half resolution for a few epochs, one libtorch thread (so two runs of one
/// config are bit-identical), no augmentation. Written as files so the CLI plans it as a user would.
/// </summary>
internal static class TinySweep
{
    /// <summary>Batches per segmenter epoch: four training cases at batch 1.</summary>
    public const int BatchesPerEpoch = 4;

    public const string BaseJson = """
    {
      "name": "tiny",
      "data": { "synthetic": { "profile": "small", "cases": 6, "seed": 0 }, "split": { "seed": 42, "trainFraction": 0.67 } },
      "preprocessing": {
        "canvas": "64x128x128",
        "locatorScale": [0.5, 0.25, 0.25],
        "crop": { "trainingBuffer": [8, 16, 16], "predictionBuffer": [6, 12, 12], "multiple": 32 },
        "segmenterInputScale": 0.5
      },
      "augmentation": { "preset": "on-the-fly", "flip": { "probability": 0 }, "rotation": { "probability": 0 }, "noise": { "probability": 0 }, "translation": { "probability": 0 } },
      "locator": { "model": { "baseWidth": 2 }, "batchSize": 2, "epochs": 1 },
      "segmenter": { "model": { "baseWidth": 2 }, "batchSize": 1, "epochs": 2 },
      "device": "cpu",
      "threads": 1
    }
    """;

    /// <summary>Writes base.json and a grid file of (name, overrides) entries into <paramref name="folder"/>; returns both paths.</summary>
    public static (string Base, string Grid) Write(string folder, string gridName, params (string Name, string[] Overrides)[] experiments)
    {
        Directory.CreateDirectory(folder);
        var basePath = Path.Combine(folder, "base.json");
        File.WriteAllText(basePath, BaseJson);
        var grid = new SweepGrid { Experiments = [.. experiments.Select(e => new SweepGridEntry(e.Name, e.Overrides))] };
        var gridPath = Path.Combine(folder, gridName + ".json");
        grid.Save(gridPath);
        return (basePath, gridPath);
    }

    /// <summary>The "model" section of a stage's checkpoint: the weights, byte for byte.</summary>
    public static byte[] Weights(string runFolder, string checkpoint = "checkpoint-last.ckpt") =>
        CheckpointFile.Read(Path.Combine(runFolder, "segmenter", checkpoint)).Sections["model"];

    /// <summary>A run's training history without the columns that measure the machine (wall time, memory).</summary>
    public static IReadOnlyList<VNetAtria.Training.EpochRecord> History(string runFolder) =>
        VNetAtria.Training.TrainingHistory.Read(Path.Combine(runFolder, "segmenter", "history.csv")).Select(r => r with { Seconds = 0, PeakMemoryBytes = 0 }).ToList();

    /// <summary>
    /// Checks the sweep's results table (one row per run, in order; each row's Dice the mean of the run's own per-case
    /// metrics; each run reusing the sweep's locator) and returns its rows with their runs for further checks.
    /// </summary>
    public static IReadOnlyList<(ResultsRow Row, RunResult Run)> CheckResultsTable(SweepPlan plan, params string[] runs)
    {
        var table = ResultsTable.FromCsv(File.ReadAllText(Path.Combine(plan.Folder, SweepReport.CsvFileName)));
        Assert.Equal(runs, table.Rows.Select(r => r.Run));
        var checkedRows = new List<(ResultsRow, RunResult)>();
        foreach (var row in table.Rows)
        {
            var run = RunResult.Load(Path.Combine(plan.Folder, row.Run));
            Assert.Equal(run.Cases.Average(c => c.Dice), row.Dice!.Value.Mean, 1e-3);
            Assert.Equal(Path.Combine(plan.Folder, "locator"), run.Config.Locator.Pretrained);
            checkedRows.Add((row, run));
        }
        return checkedRows;
    }

    /// <summary>Polls until <paramref name="condition"/> holds or <paramref name="timeout"/> passes; false on timeout.</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(every ?? TimeSpan.FromMilliseconds(100));
        }
        return condition();
    }

    /// <summary>Whether a task's output shows it has started a given epoch's first batch.</summary>
    public static bool LogShows(SweepPlan plan, SweepTask task, string text) =>
        File.Exists(plan.LogFile(task)) && SweepStatus.Tail(plan.LogFile(task), 200).Any(l => l.Contains(text, StringComparison.Ordinal));
}
