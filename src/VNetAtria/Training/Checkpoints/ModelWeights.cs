using System.Text.Json;
using VNetAtria.Models;

namespace VNetAtria.Training.Checkpoints;

/// <summary>
/// A checkpoint's model weights on their own: loaded for prediction or fine-tuning, or written as a weights-only
/// checkpoint (no optimiser, no random state) that predicts and fine-tunes but cannot resume.
/// </summary>
public static class ModelWeights
{
    /// <summary>The section holding the weights (Module.save's bytes).</summary>
    internal const string SectionName = "model";

    /// <summary>Loads the "model" section of a checkpoint into <paramref name="model"/> (strictly: every parameter, same shapes).</summary>
    /// <exception cref="InvalidDataException">The checkpoint has no "model" section.</exception>
    public static void Load(VNet model, CheckpointContent checkpoint)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!checkpoint.Sections.TryGetValue(SectionName, out var bytes))
            throw new InvalidDataException("The checkpoint has no 'model' section.");
        using var stream = new MemoryStream(bytes);
        model.load(stream, strict: true);
    }

    /// <summary>
    /// Writes a checkpoint holding only <paramref name="model"/>'s weights, e.g. for weights imported from the
    /// original's PyTorch checkpoints.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .ckpt file (written atomically).</param>
    /// <param name="kind">What the checkpoint is ("imported").</param>
    /// <param name="completedEpochs">Epochs the weights were trained for, when known (0 otherwise).</param>
    public static void Write(VNet model, string path, string kind, int completedEpochs = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] weights;
        using (var stream = new MemoryStream())
        {
            model.save(stream);
            weights = stream.ToArray();
        }
        var manifest = ManifestStamp.Create(kind, "none", new TrainingState
        {
            CompletedEpochs = completedEpochs,
            Scheduler = new ReduceLROnPlateauState(0, double.PositiveInfinity, 0, 0, 0),
            ConfigJson = JsonSerializer.Serialize(new { model = model.Options }, CheckpointFile.JsonOptions),
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        CheckpointFile.Write(path, manifest, [new(SectionName, weights)]);
    }
}
