using System.Text.Json;
using System.Text.Json.Serialization;
using VNetAtria.Imaging.Formats;
using VNetAtria.Experiments;

namespace VNetAtria.Results;

/// <summary>
/// run-summary.json: what a finished run reports besides its metrics (schema version 1). Example:
/// <code>
/// { "schemaVersion": 1, "name": "02-vnet-dice", "device": "cuda:0", "evaluatedStage": "segmenter",
///   "locator": { "parameters": 10759306, "trainingSeconds": 3600, "epochs": 200, "bestEpoch": 188, "bestValidationLoss": 0.21 },
///   "segmenter": { "parameters": 10759306, "trainingSeconds": 52200, "epochs": 200, "bestEpoch": 173, "bestValidationLoss": 0.12 } }
/// </code>
/// A stage that did not run is null. Unknown fields are ignored on reading, so later versions can add some.
/// </summary>
public sealed record RunSummary
{
    /// <summary>The version written by this code.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The schema version (1).</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The run's name (the config's).</summary>
    public string Name { get; init; } = "";

    /// <summary>The device the run trained on, resolved (e.g. "cpu", "cuda:0").</summary>
    public string Device { get; init; } = "";

    /// <summary>The stage whose predictions metrics.csv evaluates.</summary>
    public ExperimentStage EvaluatedStage { get; init; } = ExperimentStage.Segmenter;

    /// <summary>The locator's training, or null when it did not run.</summary>
    public StageSummary? Locator { get; init; }

    /// <summary>The segmenter's training, or null when it did not run.</summary>
    public StageSummary? Segmenter { get; init; }

    /// <summary>The summary of <paramref name="stage"/>, or null.</summary>
    public StageSummary? Stage(ExperimentStage stage) => stage == ExperimentStage.Locator ? Locator : Segmenter;

    /// <summary>Indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options).ReplaceLineEndings("\n") + "\n";

    /// <summary>Writes the summary atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Parses a summary; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="RunFolderException">Not valid JSON for a summary, or a newer schema.</exception>
    public static RunSummary Parse(string json, string source = RunFolder.SummaryFileName)
    {
        RunSummary? summary;
        try { summary = JsonSerializer.Deserialize<RunSummary>(json, Options); }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 2 } p ? p.TrimStart('$').TrimStart('.') + ": " : "";
            throw new RunFolderException($"{source}: not a valid run summary ({at}{e.Message.Split(" Path:")[0]}).", e);
        }
        if (summary is null) throw new RunFolderException($"{source}: the JSON is null; expected a run summary object.");
        if (summary.SchemaVersion is < 1 or > CurrentSchemaVersion)
            throw new RunFolderException($"{source}: schemaVersion {summary.SchemaVersion} is not supported (this version reads 1 to {CurrentSchemaVersion}); update VNetAtria.");
        if (summary.Stage(summary.EvaluatedStage) is null)
            throw new RunFolderException($"{source}: evaluatedStage is {ConfigEnumNames.Name(summary.EvaluatedStage)} but that stage has no summary.");
        return summary;
    }

    private static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions(ExperimentConfigJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}

/// <summary>One stage's training figures.</summary>
public sealed record StageSummary
{
    /// <summary>Trainable parameters of the model.</summary>
    public long Parameters { get; init; }

    /// <summary>Wall-clock training time in seconds (validation included, as the original's reported hours).</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Epochs completed.</summary>
    public int Epochs { get; init; }

    /// <summary>The epoch of the best validation Dice loss (1-based), or null when never validated.</summary>
    public int? BestEpoch { get; init; }

    /// <summary>The best validation Dice loss, or null.</summary>
    public double? BestValidationLoss { get; init; }

    /// <summary>
    /// The PyTorch checkpoint the weights were imported from (<c>vnet-atria import-pytorch</c>), or null when this code
    /// trained them; an imported stage's training time is unknown (the results table shows "-").
    /// </summary>
    public string? ImportedFrom { get; init; }
}
