using System.Globalization;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Optimisation;
using VNetAtria.Training.Checkpoints;
using static TorchSharp.torch;

namespace VNetAtria.Training;

/// <summary>
/// The trainer's stop on NaN or infinity: a non-finite loss (naming the loss terms and which input went bad), a
/// non-finite gradient after backward (naming the first parameter backward reached), or non-finite weights before a
/// checkpoint. Each message names the epoch and batch, says from <see cref="NumericalEvidence"/> whether this is a
/// divergence (lower the learning rate) or a numerical fault (run the doctor), and is logged before it is thrown.
/// </summary>
/// <param name="model">The model being trained.</param>
/// <param name="optimizer">Its optimiser (whose parameter names the messages use).</param>
/// <param name="options">The trainer's options (the loss, for recomputing its terms).</param>
/// <param name="outputFolder">The trainer's output folder (to say whether a good checkpoint is kept).</param>
/// <param name="log">Receives each message.</param>
internal sealed class DivergenceDiagnosis(VNet model, AdamOptimiser optimizer, TrainerOptions options, string outputFolder, Action<string> log)
{
    private double _largestWeightAtEpochStart;

    /// <summary>Records the largest weight as an epoch (or its resumed part) starts, to tell later whether the weights grew.</summary>
    public void StartEpoch() => _largestWeightAtEpochStart = NumericalEvidence.LargestMagnitude(model.parameters());

    /// <summary>The exception for a loss that is NaN or infinite, naming its terms and the first input that is not finite.</summary>
    public TrainingDivergedException LossNotFinite(TrainingBatch batch, Tensor images, Tensor labels, Tensor? levelSets, Tensor logits, double alpha, float loss, int epoch, int batchIndex)
    {
        using var noGrad = no_grad();
        string Value(Tensor t) => t.item<float>().ToString("G6", CultureInfo.InvariantCulture);
        var dice = Value(DiceLoss.Compute(logits, labels));
        var region = options.RegionLoss switch
        {
            RegionLossKind.Dice => dice,
            RegionLossKind.DiceCrossEntropy => Value(DiceCrossEntropyLoss.Compute(logits, labels, options.DiceCrossEntropy)),
            _ => Value(FocalLoss.Compute(logits, labels)),
        };
        var boundary = alpha >= 1 ? "not used (alpha 1)" : Value(BoundaryLoss.Compute(logits, levelSets!));
        string LogitsCause()
        {
            var evidence = Evidence(logits);
            return $"The model's output contains NaN or infinite values ({evidence.Facts}). {evidence.Conclusion}";
        }
        var cause = !images.isfinite().all().item<bool>() ? "The batch's images contain NaN or infinite values: check the data and the normalisation."
            : !labels.isfinite().all().item<bool>() ? "The batch's labels contain NaN or infinite values."
            : levelSets is not null && alpha < 1 && !levelSets.isfinite().all().item<bool>() ? "The batch's level sets contain NaN or infinite values."
            : !logits.isfinite().all().item<bool>() ? LogitsCause()
            : "The inputs and the model output are finite; the loss term itself overflowed.";
        var kept = KeptCheckpoint();
        var message = $"Training stopped: the loss is {loss.ToString(CultureInfo.InvariantCulture)} at epoch {epoch + 1}, batch {batchIndex + 1} " +
                      $"(cases {string.Join(", ", batch.CaseIds)}). Region term ({options.RegionLoss}) = {region}, Boundary term = {boundary}, alpha = {Format(alpha)}. {cause} {kept}";
        log(message);
        return new TrainingDivergedException(message, epoch + 1, batchIndex + 1);
    }

    /// <summary>After backward: throws <see cref="TrainingDivergedException"/> when a gradient holds NaN or infinity (one sync when all are finite).</summary>
    public void ThrowIfGradientsNotFinite(TrainingBatch batch, Tensor logits, float loss, int epoch, int batchIndex)
    {
        if (NonFiniteGradients() is { Count: > 0 } bad)
            throw GradientNotFinite(batch, logits, loss, bad, epoch, batchIndex);
    }

    /// <summary>
    /// Before a checkpoint: throws <see cref="TrainingDivergedException"/> when a weight is NaN or infinite. Gradients
    /// are checked before every step, so such weights were written by something other than the step (a callback, a
    /// faulty kernel); they must never replace the last good checkpoint.
    /// </summary>
    /// <param name="state">Where training stands (the epoch and batch the message names).</param>
    /// <param name="batchesPerEpoch">Batches per epoch (the batch named at an epoch's end).</param>
    public void EnsureFiniteWeights(TrainingState state, int batchesPerEpoch)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            using (NewDisposeScope())
                if (parameter.isfinite().all().item<bool>()) continue;
            var atEpochEnd = state.BatchInEpoch == 0;
            var (epoch, batch) = atEpochEnd ? (state.CompletedEpochs, batchesPerEpoch) : (state.CompletedEpochs + 1, state.BatchInEpoch);
            var message = $"Training stopped: parameter '{name}' became NaN or infinite by epoch {epoch}, batch {batch} " +
                          $"although every loss and every gradient applied was finite, so the optimiser step did not do it: something else wrote the weights " +
                          $"(a callback, or a numerical fault in a kernel: {NumericalEvidence.DoctorAdvice}). {KeptCheckpoint()}";
            log(message);
            throw new TrainingDivergedException(message, epoch, batch);
        }
    }

    /// <summary>The names of the parameters whose gradient holds NaN or infinity, in parameter order (one sync when all are finite).</summary>
    private List<string> NonFiniteGradients()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var names = new List<string>();
        var finite = new List<Tensor>();
        foreach (var state in optimizer.State)
        {
            if (state.Parameter.grad is not { } grad) continue;
            names.Add(state.Name);
            finite.Add(grad.isfinite().all());
        }
        if (finite.Count == 0 || stack(finite).all().item<bool>()) return [];
        return names.Where((_, i) => !finite[i].item<bool>()).ToList();
    }

    private TrainingDivergedException GradientNotFinite(TrainingBatch batch, Tensor logits, float loss, List<string> bad, int epoch, int batchIndex)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Backward runs from the output to the input and a NaN spreads towards the input, so the non-finite gradient
        // nearest the output (the last in parameter order) is the first the backward pass produced.
        var first = bad[^1];
        var state = optimizer.State.First(s => s.Name == first);
        var kind = state.Parameter.grad!.isnan().any().item<bool>() ? "NaN" : "infinite values";
        var evidence = Evidence(logits);
        var others = bad.Count == 1 ? "the only parameter with a non-finite gradient"
            : $"the first of {bad.Count} with non-finite gradients that backward reached; nearest the input: '{bad[0]}'";
        var message = $"Training stopped before the optimiser step at epoch {epoch + 1}, batch {batchIndex + 1} (cases {string.Join(", ", batch.CaseIds)}): " +
                      $"the gradient of parameter '{first}' contains {kind} ({others}) although the loss {loss.ToString(CultureInfo.InvariantCulture)} is finite; " +
                      $"{evidence.Facts}. {evidence.Conclusion} The step was not applied. {KeptCheckpoint()}";
        log(message);
        return new TrainingDivergedException(message, epoch + 1, batchIndex + 1);
    }

    private NumericalEvidence Evidence(Tensor logits) => NumericalEvidence.Gather(model.parameters(), _largestWeightAtEpochStart, logits);

    private string KeptCheckpoint()
    {
        var last = Path.Combine(outputFolder, TrainerFolder.LastCheckpointName);
        return File.Exists(last) ? $"The last good checkpoint '{last}' is kept." : "No checkpoint had been written yet.";
    }

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
