using System.Text.Json;
using System.Text.Json.Nodes;
using VNetAtria.Models;

namespace VNetAtria.Training.Checkpoints;

/// <summary>
/// Whether a checkpoint may be resumed under the current configuration: the effective configuration (model options,
/// trainer options, the caller's run configuration) must be the checkpoint's, except for the options a resume may
/// change without breaking the exactness of the epochs already done.
/// </summary>
internal static class ResumeCompatibility
{
    // Options a resume may change: the epoch budget, so a run can be extended ("train 40 more epochs"). The run-level
    // config (ExperimentConfig, under "run") carries each stage's epochs too; nothing else in it changes the result
    // of the epochs already done.
    private static readonly string[] ResumableChanges = ["trainer.MaxEpochs", "run.locator.epochs", "run.segmenter.epochs"];

    /// <summary>The configuration saved in checkpoints and compared on resume: model options, trainer options and the caller's configuration.</summary>
    public static string EffectiveConfigJson(VNetOptions model, TrainerOptions options, string? runConfigJson)
    {
        var json = new JsonObject
        {
            ["model"] = JsonSerializer.SerializeToNode(model, CheckpointFile.JsonOptions),
            ["trainer"] = JsonSerializer.SerializeToNode(options, CheckpointFile.JsonOptions),
            ["run"] = runConfigJson is null ? null : JsonNode.Parse(runConfigJson),
        };
        return json.ToJsonString(CheckpointFile.JsonOptions);
    }

    /// <summary>
    /// Throws <see cref="CheckpointIncompatibleException"/> listing every differing option when the checkpoint's
    /// configuration differs from <paramref name="currentConfigJson"/> in more than the epoch budget, and
    /// <see cref="CheckpointException"/> when a budget learning-rate schedule would see its budget changed.
    /// </summary>
    public static void Check(string checkpointPath, string checkpointConfigJson, string currentConfigJson, TrainerOptions options)
    {
        var differences = ConfigDifference.Compare(checkpointConfigJson, currentConfigJson, options.UsesBudgetSchedule ? [] : ResumableChanges);
        if (options.UsesBudgetSchedule && differences.Count > 0 && differences.All(d => ResumableChanges.Contains(d.Path)))
            throw new CheckpointException(checkpointPath, $"was written with another epoch budget ({string.Join("; ", differences)}), and the {options.Schedule!.Kind} learning-rate schedule " +
                "spreads its decay over the budget, so the budget cannot change on resume (the rates already used would differ). Resume with the checkpoint's epochs, or start a new run.");
        if (differences.Count > 0) throw new CheckpointIncompatibleException(checkpointPath, differences);
    }
}
