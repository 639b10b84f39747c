using VNetAtria.Experiments;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// What a task's files say about it, read from the run folders themselves (no scheduler needed): whether it is done,
/// and whether a segmenter can reuse the locator run's crop plan.
/// <para>
/// A run is done when its config.json is the planned config and its last output is newer than that config.json: every
/// start of a run (training, resuming, evaluating) rewrites config.json, so an older metrics.csv (or crop-plan.json for
/// the locator) belongs to an earlier, perhaps different, run.
/// </para>
/// </summary>
public static class SweepTaskChecks
{
    /// <summary>Whether the task's results are complete and belong to the planned config (the report: newer than every finished run).</summary>
    public static bool IsDone(SweepPlan plan, SweepTask task)
    {
        switch (task.Kind)
        {
            case SweepTaskKind.Locator:
                var locator = new RunFolder(task.RunFolder!);
                if (!plan.TrainsLocator) return File.Exists(locator.BestCheckpoint(ExperimentStage.Locator));
                return ConfigMatches(plan, task) && File.Exists(locator.BestCheckpoint(ExperimentStage.Locator))
                       && NewerThanConfig(locator.CropPlan, locator);
            case SweepTaskKind.Segmenter:
                var run = new RunFolder(task.RunFolder!);
                return ConfigMatches(plan, task) && File.Exists(run.Summary) && NewerThanConfig(run.MetricsCsv, run);
            default:
                var results = Path.Combine(plan.Folder, SweepReport.MarkdownFileName);
                if (!File.Exists(results)) return false;
                var written = File.GetLastWriteTimeUtc(results);
                return plan.Segmenters.Where(s => IsDone(plan, s))
                    .All(s => File.GetLastWriteTimeUtc(new RunFolder(s.RunFolder!).MetricsCsv) <= written);
        }
    }

    /// <summary>Whether the task's run folder holds a config.json identical to the planned one.</summary>
    public static bool ConfigMatches(SweepPlan plan, SweepTask task)
    {
        var planned = plan.ConfigFile(task);
        var actual = task.RunFolder is null ? null : Path.Combine(task.RunFolder, RunFolder.ConfigFileName);
        return planned is not null && actual is not null && File.Exists(planned) && File.Exists(actual)
               && File.ReadAllText(planned) == File.ReadAllText(actual);
    }

    /// <summary>
    /// Why <paramref name="run"/> cannot reuse the crop plan of the locator run (which planned with
    /// <paramref name="locator"/>), or null when it can: it must use that locator, read the same cases and split, and
    /// plan with the same preprocessing (normalisation and the segmenter's input scale do not enter the plan).
    /// </summary>
    public static string? CropPlanDifference(ExperimentConfig locator, string locatorFolder, ExperimentConfig run)
    {
        if (!run.Locator.Enabled) return "the run has no locator";
        if (run.Locator.Pretrained is not { } pretrained || Path.GetFullPath(pretrained) != Path.GetFullPath(locatorFolder))
            return $"locator.pretrained is {run.Locator.Pretrained ?? "null"}, not the sweep's locator {locatorFolder}";
        var data = locator.Data.Synthetic is null
            ? locator.Data
            : locator.Data with { Root = Path.Combine(locatorFolder, "data"), Synthetic = null, Layout = DataLayoutOption.Lasc };
        if (!SweepDefinition.SameJson(data, run.Data)) return "its data section differs from the locator's";
        static PreprocessingConfig Planning(PreprocessingConfig p) => p with { Normalisation = NormalisationMode.ZScore, SegmenterInputScale = 1 };
        if (!SweepDefinition.SameJson(Planning(locator.Preprocessing), Planning(run.Preprocessing))) return "its preprocessing (canvas, locator scale or crop settings) differs from the locator's";
        if (!SweepDefinition.SameJson(locator.Locator.Model, run.Locator.Model)) return "its locator.model differs from the trained locator's";
        return null;
    }

    /// <summary>The epochs done and the best validation Dice so far of a stage, from its history.csv (null when it has not finished an epoch).</summary>
    public static (int Epochs, double BestDice)? Progress(string stageFolder)
    {
        var history = Path.Combine(stageFolder, TrainerFolder.HistoryFileName);
        if (!File.Exists(history)) return null;
        try
        {
            var records = TrainingHistory.Read(history);
            if (records.Count == 0) return null;
            var validated = records.Where(r => !double.IsNaN(r.ValidationDice)).ToList();
            return (records[^1].Epoch, validated.Count == 0 ? double.NaN : validated.Max(r => r.ValidationDice));
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException)
        {
            return null; // being rewritten right now
        }
    }

    private static bool NewerThanConfig(string output, RunFolder run) =>
        File.Exists(output) && File.Exists(run.Config) && File.GetLastWriteTimeUtc(output) >= File.GetLastWriteTimeUtc(run.Config);
}
