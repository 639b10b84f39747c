namespace VNetAtria.Training.Checkpoints;

/// <summary>The JSON manifest at the head of a checkpoint file.</summary>
public sealed record CheckpointManifest
{
    /// <summary>What wrote the file (for people reading the manifest).</summary>
    public string Format { get; init; } = "VNetAtria training checkpoint";

    /// <summary>The container format version (<see cref="CheckpointFile.FormatVersion"/>).</summary>
    public int FormatVersion { get; init; } = CheckpointFile.FormatVersion;

    /// <summary>The VNetAtria library version that wrote it.</summary>
    public string LibraryVersion { get; init; } = "";

    /// <summary>The TorchSharp version that wrote the tensors.</summary>
    public string TorchSharpVersion { get; init; } = "";

    /// <summary>"last", "best", "epoch" or "batch".</summary>
    public string Kind { get; init; } = "last";

    /// <summary>UTC time of writing (ISO 8601).</summary>
    public string CreatedUtc { get; init; } = "";

    /// <summary>The optimiser type whose state is in the "optimizer" section.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("Optimizer")] // the file format keeps its name
    public string Optimiser { get; init; } = "Adam";

    /// <summary>The binary sections, in file order.</summary>
    public IReadOnlyList<CheckpointSection> Sections { get; init; } = [];

    /// <summary>The training state.</summary>
    public required TrainingState State { get; init; }
}
