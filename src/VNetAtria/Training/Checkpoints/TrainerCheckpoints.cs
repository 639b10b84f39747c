using VNetAtria.Models;
using VNetAtria.Optimisation;
using static TorchSharp.torch;

namespace VNetAtria.Training.Checkpoints;

/// <summary>
/// The trainer's checkpoints in its output folder: what they hold (the training state, the weights, Adam's moments and
/// step counts, torch's CPU generator), which files an epoch or an interruption writes, and restoring all of it on resume.
/// </summary>
/// <param name="model">The model being trained.</param>
/// <param name="optimizer">Its optimiser.</param>
/// <param name="folder">The trainer's output folder.</param>
internal sealed class TrainerCheckpoints(VNet model, AdamOptimiser optimizer, string folder)
{
    /// <summary>The name of the optimiser recorded in checkpoints (its state is in TorchSharp's Adam layout, so older checkpoints resume).</summary>
    public const string OptimiserName = "Adam";

    private string Last => Path.Combine(folder, TrainerFolder.LastCheckpointName);

    /// <summary>Writes checkpoint-last within an epoch (<paramref name="kind"/> "batch" or "cancelled").</summary>
    public void SaveLast(string kind, TrainingState state) => CheckpointFile.WriteBytes(Last, Encode(kind, state));

    /// <summary>At an epoch's end: checkpoint-last, checkpoint-best when <paramref name="isBest"/>, and a numbered one every <paramref name="everyEpochs"/> (0: never).</summary>
    public void SaveEpoch(TrainingState state, bool isBest, int everyEpochs)
    {
        var bytes = Encode("last", state);
        CheckpointFile.WriteBytes(Last, bytes);
        if (isBest) CheckpointFile.WriteBytes(Path.Combine(folder, TrainerFolder.BestCheckpointName), bytes);
        if (everyEpochs > 0 && state.CompletedEpochs % everyEpochs == 0)
            CheckpointFile.WriteBytes(Path.Combine(folder, TrainerFolder.EpochCheckpointName(state.CompletedEpochs)), bytes);
    }

    /// <summary>
    /// Verifies the checkpoint at <paramref name="path"/> and its compatibility (<see cref="ResumeCompatibility"/>), restores
    /// the weights, the optimiser and torch's CPU generator, and returns its training state.
    /// </summary>
    /// <exception cref="CheckpointException">The file is unusable, from another configuration or optimiser, or does not fit the model or the data.</exception>
    public TrainingState Resume(string path, string currentConfigJson, TrainerOptions options, int batchesPerEpoch)
    {
        var content = CheckpointFile.Read(path);
        ResumeCompatibility.Check(path, content.Manifest.State.ConfigJson, currentConfigJson, options);
        if (content.Manifest.Optimiser != OptimiserName)
            throw new CheckpointException(path, $"holds {content.Manifest.Optimiser} optimiser state; this trainer uses {OptimiserName}.");
        foreach (var name in new[] { ModelWeights.SectionName, "optimizer", "torch-rng" })
            if (!content.Sections.ContainsKey(name))
                throw new CheckpointException(path, $"has no '{name}' section; it was not written by the trainer.");
        var state = content.Manifest.State;
        if (state.BatchInEpoch < 0 || state.BatchInEpoch >= batchesPerEpoch)
            throw new CheckpointException(path, $"stopped at batch {state.BatchInEpoch} of an epoch, but the training source now has {batchesPerEpoch} batches per epoch; the data changed since the checkpoint.");
        try
        {
            ModelWeights.Load(model, content);
            using (var reader = new BinaryReader(new MemoryStream(content.Sections["optimizer"])))
                optimizer.Load(reader);
            using (var rng = tensor(content.Sections["torch-rng"]))
                TorchSharp.torch.random.set_rng_state(rng);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, $"its tensors do not fit this model ({e.Message}).", e);
        }
        return state;
    }

    private byte[] Encode(string kind, TrainingState state)
    {
        byte[] weights, moments, rng;
        using (var stream = new MemoryStream())
        {
            model.save(stream);
            weights = stream.ToArray();
        }
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                optimizer.Save(writer);
            moments = stream.ToArray();
        }
        using (var generator = TorchSharp.torch.random.get_rng_state())
            rng = generator.data<byte>().ToArray();
        var manifest = ManifestStamp.Create(kind, OptimiserName, state);
        return CheckpointFile.Encode(manifest, [new(ModelWeights.SectionName, weights), new("optimizer", moments), new("torch-rng", rng)]);
    }
}
