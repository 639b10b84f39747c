using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using VNetAtria.Losses;
using VNetAtria.Metrics;
using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Optimisation;
using VNetAtria.Training.Checkpoints;
using static TorchSharp.torch;

namespace VNetAtria.Training;

/// <summary>
/// Trains a <see cref="VNet"/> as the original did (Adam, ReduceLROnPlateau on the validation Dice loss, best model by
/// validation Dice, periodic checkpoints), with what the original lacked: exact resume from checkpoint-last (also
/// mid-epoch), atomic and verified checkpoints, cancellation that saves, a clear stop on NaN/Inf losses and gradients
/// (naming the parameter, and telling a divergence from a numerical fault) and a history file.
/// Files in the output folder: checkpoint-last.ckpt, checkpoint-best.ckpt, checkpoint-epoch-NNNN.ckpt, history.csv
/// (reproducible: same seed, machine and thread count, same bytes) and timing.csv (this machine's time and memory).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly VNet _model;
    private readonly IBatchSource _training;
    private readonly IBatchSource? _validation;
    private readonly Device _device;
    private readonly AdamOptimiser _optimizer;
    private readonly TrainerCheckpoints _checkpoints;
    private readonly DivergenceDiagnosis _diagnosis;
    private ReduceLROnPlateau _scheduler;
    private TrainingState _state;

    /// <summary>
    /// Prepares training: moves the model to <paramref name="device"/> (default CPU) and creates the optimiser there.
    /// </summary>
    /// <param name="model">The model to train (its weights change in place).</param>
    /// <param name="options">The training options.</param>
    /// <param name="training">Training batches.</param>
    /// <param name="validation">Validation batches (its epoch 0 is used every time), or null to train without validation (no best model, no plateau schedule).</param>
    /// <param name="outputFolder">Where checkpoints and history.csv go (created if missing).</param>
    /// <param name="device">The device to train on.</param>
    public Trainer(VNet model, TrainerOptions options, IBatchSource training, IBatchSource? validation, string outputFolder, Device? device = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        _training = training ?? throw new ArgumentNullException(nameof(training));
        _validation = validation;
        if (training.BatchesPerEpoch < 1)
            throw new ArgumentException($"The training batch source has {training.BatchesPerEpoch} batches per epoch; it needs at least one.", nameof(training));
        if (validation is { BatchesPerEpoch: < 1 })
            throw new ArgumentException($"The validation batch source has {validation.BatchesPerEpoch} batches; it needs at least one (or pass null).", nameof(validation));
        OutputFolder = Path.GetFullPath(outputFolder);
        Directory.CreateDirectory(OutputFolder);
        _device = device ?? CPU;
        _model.to(_device);
        _optimizer = CreateOptimiser(_model.named_parameters(), Options);
        _checkpoints = new TrainerCheckpoints(_model, _optimizer, OutputFolder);
        _diagnosis = new DivergenceDiagnosis(_model, _optimizer, Options, OutputFolder, Log);
        _scheduler = new ReduceLROnPlateau(Options.Plateau, Options.LearningRate);
        _state = new TrainingState { Scheduler = _scheduler.State, Alpha = Options.Alpha.AlphaAfter(0) };
    }

    /// <summary>The validated options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>The folder receiving checkpoints and history.</summary>
    public string OutputFolder { get; }

    /// <summary>The caller's run configuration (JSON); saved in checkpoints and compared, with the model and trainer options, on resume.</summary>
    public string? RunConfigJson
    {
        get => _runConfigJson;
        init
        {
            if (value is not null)
            {
                try
                {
                    JsonNode.Parse(value);
                }
                catch (JsonException e)
                {
                    throw new ArgumentException($"The run configuration must be JSON (it is saved in checkpoints and compared on resume): {e.Message}", nameof(RunConfigJson), e);
                }
            }
            _runConfigJson = value;
        }
    }

    private readonly string? _runConfigJson;

    /// <summary>Progress and log observers.</summary>
    public TrainingCallbacks Callbacks { get; init; } = new();

    /// <summary>Epochs fully done (after a resume: those of the checkpoint).</summary>
    public int CompletedEpochs => _state.CompletedEpochs;

    /// <summary>The current learning rate (for a budget schedule: the rate of the next step).</summary>
    public double LearningRate => Options.UsesBudgetSchedule ? BudgetLearningRate(_state.GlobalStep) : _scheduler.LearningRate;

    /// <summary>The history so far.</summary>
    public IReadOnlyList<EpochRecord> History => _state.History;

    /// <summary>Runs after backward and before the gradient check and the optimiser step (tests inject faulty gradients here).</summary>
    internal Action? AfterBackward { get; init; }

    /// <summary>The trainer's optimiser over <paramref name="parameters"/>.</summary>
    internal static AdamOptimiser CreateOptimiser(IEnumerable<(string Name, Parameter Parameter)> parameters, TrainerOptions options) =>
        // The original's torch.optim.Adam defaults (betas 0.9/0.999, eps 1e-8), with L2 weight decay as an option.
        new(parameters, new AdamOptions { LearningRate = options.LearningRate, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, WeightDecay = options.WeightDecay });

    /// <summary>The configuration compared on resume: model options, trainer options and the caller's configuration.</summary>
    public string EffectiveConfigJson() => ResumeCompatibility.EffectiveConfigJson(_model.Options, Options, RunConfigJson);

    /// <summary>
    /// Continues from a checkpoint: verifies it, checks that it comes from the same configuration (else
    /// <see cref="CheckpointIncompatibleException"/> listing the differing options; only MaxEpochs may change), and
    /// restores weights, Adam's moments and step counts, the scheduler, the loss schedule, torch's CPU generator, the
    /// position (epoch and batch) and the history. The next <see cref="Train"/> continues as if never stopped.
    /// </summary>
    public void Resume(string checkpointPath)
    {
        var state = _checkpoints.Resume(checkpointPath, EffectiveConfigJson(), Options, _training.BatchesPerEpoch);
        _scheduler = new ReduceLROnPlateau(Options.Plateau, state.Scheduler);
        _state = state;
        SetLearningRate(LearningRate);
        Log($"Resumed from '{checkpointPath}': {state.CompletedEpochs} epoch(s) done, next batch {state.BatchInEpoch + 1} of epoch {state.CompletedEpochs + 1}, learning rate {Format(LearningRate)}.");
    }

    /// <summary>
    /// Trains until <see cref="TrainerOptions.MaxEpochs"/>, early stopping or cancellation. On cancellation the current
    /// batch finishes, checkpoint-last is written and the result says <see cref="TrainingOutcome.Cancelled"/>. A NaN or
    /// infinite loss, or a non-finite gradient after backward, throws <see cref="TrainingDivergedException"/> before the
    /// step is applied, keeping the last good checkpoint; its message names the batch (and the parameter) and says whether
    /// the evidence shows a divergence (lower the learning rate) or a numerical fault (run <c>vnet-atria doctor</c>).
    /// </summary>
    public TrainingResult Train(CancellationToken cancellationToken = default)
    {
        foreach (var note in ConvolutionRouting.Prepare(_model)) Log(note);
        _model.train();
        while (_state.CompletedEpochs < Options.MaxEpochs)
        {
            var epoch = _state.CompletedEpochs;
            var alpha = Options.Alpha.AlphaAfter(epoch);
            // A budget schedule changes the rate every step; the epoch's record holds the rate of its first step.
            var learningRate = Options.UsesBudgetSchedule ? BudgetLearningRate((long)epoch * _training.BatchesPerEpoch) : _scheduler.LearningRate;
            var tally = new EpochTally(_state);
            _diagnosis.StartEpoch();

            foreach (var trainingBatch in _training.Epoch(epoch, tally.Batch))
            {
                double loss, dice;
                var stepRate = learningRate;
                if (Options.UsesBudgetSchedule) SetLearningRate(stepRate = BudgetLearningRate(tally.Step));
                using (trainingBatch)
                    (loss, dice) = TrainStep(trainingBatch, alpha, epoch, tally.Batch);
                tally.Add(loss, dice);
                Callbacks.Batch?.Invoke(new BatchProgress(epoch, Options.MaxEpochs, tally.Batch, _training.BatchesPerEpoch, loss, dice, stepRate));
                if (tally.Batch >= _training.BatchesPerEpoch) break;
                var due = Options.CheckpointEveryBatches > 0 && tally.Batch % Options.CheckpointEveryBatches == 0;
                if (due || cancellationToken.IsCancellationRequested)
                {
                    _state = tally.Interrupted(_state, epoch, alpha);
                    _checkpoints.SaveLast(cancellationToken.IsCancellationRequested ? "cancelled" : "batch", CheckpointState());
                    if (cancellationToken.IsCancellationRequested)
                    {
                        Log($"Cancelled after batch {tally.Batch} of epoch {epoch + 1}; saved {TrainerFolder.LastCheckpointName}.");
                        return Result(TrainingOutcome.Cancelled);
                    }
                }
            }
            if (tally.Batch < _training.BatchesPerEpoch)
                throw new InvalidOperationException($"The training batch source gave {tally.Batch} batches in epoch {epoch + 1}, but announced {_training.BatchesPerEpoch}.");

            var (record, isBest) = EndEpoch(epoch, alpha, learningRate, tally);
            TrainingHistory.Write(Path.Combine(OutputFolder, TrainerFolder.HistoryFileName), _state.History);
            _checkpoints.SaveEpoch(CheckpointState(), isBest, Options.CheckpointEveryEpochs);
            Log(Describe(record) + (isBest ? " (best)" : ""));
            Callbacks.Epoch?.Invoke(record);

            if (Options.EarlyStopPatience is { } patience && _state.ValidationsWithoutImprovement >= patience)
            {
                Log($"Early stop: no better validation Dice for {_state.ValidationsWithoutImprovement} validation(s) (best {Format(_state.BestValidationDice)} at epoch {_state.BestEpoch}).");
                return Result(TrainingOutcome.EarlyStopped);
            }
            if (cancellationToken.IsCancellationRequested)
            {
                Log($"Cancelled after epoch {epoch + 1}; saved {TrainerFolder.LastCheckpointName}.");
                return Result(TrainingOutcome.Cancelled);
            }
        }
        return Result(TrainingOutcome.Completed);
    }

    private (double Loss, double Dice) TrainStep(TrainingBatch batch, double alpha, int epoch, int batchIndex)
    {
        using var scope = NewDisposeScope();
        var images = OnDevice(batch.Images);
        var labels = OnDevice(batch.Labels);
        var levelSets = batch.LevelSets is null ? null : OnDevice(batch.LevelSets);
        if (alpha < 1 && levelSets is null)
            throw new InvalidOperationException($"Epoch {epoch + 1} uses alpha {Format(alpha)} < 1, so the Boundary loss needs the labels' level sets, but the training batch source gives none. Enable level sets in the loader.");
        _model.zero_grad();
        var logits = _model.forward(images);
        var result = HybridLoss.Compute(logits, labels, levelSets ?? labels, alpha, Options.RegionLoss, Options.DiceCrossEntropy);
        var loss = result.Loss.item<float>();
        var dice = result.DiceLoss.item<float>();
        if (!float.IsFinite(loss))
            throw _diagnosis.LossNotFinite(batch, images, labels, levelSets, logits, alpha, loss, epoch, batchIndex);
        result.Loss.backward();
        AfterBackward?.Invoke();
        _diagnosis.ThrowIfGradientsNotFinite(batch, logits, loss, epoch, batchIndex);
        _optimizer.Step();
        return (loss, dice);
    }

    /// <summary>Validates when due, steps the plateau schedule, tracks the best model and closes the epoch's record and state.</summary>
    private (EpochRecord Record, bool IsBest) EndEpoch(int epoch, double alpha, double learningRate, EpochTally tally)
    {
        var (valLoss, valDiceLoss, valDice) = ValidateIfDue(epoch, alpha);
        var best = _state.BestValidationDice;
        var bestEpoch = _state.BestEpoch;
        var withoutImprovement = _state.ValidationsWithoutImprovement;
        var isBest = false;
        if (_validation is not null && double.IsNaN(valDiceLoss) && !double.IsNaN(valLoss + valDice))
            Log($"Warning: the validation Dice loss of epoch {epoch + 1} is NaN; the learning-rate schedule and the best model ignore this validation.");
        if (!double.IsNaN(valDiceLoss))
        {
            if (!Options.UsesBudgetSchedule) SetLearningRate(_scheduler.Step(valDiceLoss));
            if (valDice > best || (double.IsNaN(best) && !double.IsNaN(valDice)))
            {
                best = valDice;
                bestEpoch = epoch + 1;
                withoutImprovement = 0;
                isBest = true;
            }
            else
            {
                withoutImprovement++;
            }
        }
        if (_device.type == DeviceType.CUDA) cuda.synchronize(_device);
        var record = new EpochRecord(
            epoch + 1,
            tally.LossSum / _training.BatchesPerEpoch,
            tally.DiceLossSum / _training.BatchesPerEpoch,
            valLoss, valDiceLoss, valDice,
            learningRate, alpha,
            tally.Seconds,
            tally.PeakMemoryBytes);
        _state = _state with
        {
            CompletedEpochs = epoch + 1,
            BatchInEpoch = 0,
            GlobalStep = tally.Step,
            Scheduler = _scheduler.State,
            Alpha = Options.Alpha.AlphaAfter(epoch + 1),
            AlphaEpoch = epoch + 1,
            BestValidationDice = best,
            BestEpoch = bestEpoch,
            ValidationsWithoutImprovement = withoutImprovement,
            PartialTrainLossSum = 0,
            PartialTrainDiceLossSum = 0,
            PartialSeconds = 0,
            PartialPeakMemoryBytes = 0,
            History = [.. _state.History, record],
        };
        return (record, isBest);
    }

    private (double Loss, double DiceLoss, double Dice) ValidateIfDue(int epoch, double alpha)
    {
        var due = (epoch + 1) % Options.ValidateEveryEpochs == 0 || epoch + 1 == Options.MaxEpochs;
        if (_validation is null || !due) return (double.NaN, double.NaN, double.NaN);
        _model.eval();
        try
        {
            using var noGrad = no_grad();
            double loss = 0, diceLoss = 0, dice = 0;
            var count = 0;
            foreach (var batch in _validation.Epoch(0))
            {
                using (batch)
                {
                    using var scope = NewDisposeScope();
                    var images = OnDevice(batch.Images);
                    var labels = OnDevice(batch.Labels);
                    var levelSets = batch.LevelSets is null ? null : OnDevice(batch.LevelSets);
                    var logits = _model.forward(images);
                    // The validation loss uses the training alpha; without level sets only the region term can be reported.
                    var result = HybridLoss.Compute(logits, labels, levelSets ?? labels, levelSets is null ? 1.0 : alpha, Options.RegionLoss, Options.DiceCrossEntropy);
                    loss += result.Loss.item<float>();
                    diceLoss += result.DiceLoss.item<float>();
                    dice += HardDice.Compute(logits, labels);
                    count++;
                }
            }
            if (count == 0) throw new InvalidOperationException("The validation batch source gave no batches.");
            return (loss / count, diceLoss / count, dice / count);
        }
        finally
        {
            _model.train();
        }
    }

    // What a checkpoint saves; non-finite weights never replace the last good checkpoint.
    private TrainingState CheckpointState()
    {
        _diagnosis.EnsureFiniteWeights(_state, _training.BatchesPerEpoch);
        return _state with { Scheduler = _scheduler.State, ConfigJson = EffectiveConfigJson() };
    }

    private Tensor OnDevice(Tensor t) => t.device == _device ? t : t.to(_device);

    /// <summary>The budget schedule's rate for global step <paramref name="step"/> (0-based) of MaxEpochs x batches per epoch.</summary>
    private double BudgetLearningRate(long step)
    {
        var perEpoch = (long)_training.BatchesPerEpoch;
        return Options.Schedule!.LearningRateAt(Options.LearningRate, step, Options.MaxEpochs * perEpoch, Options.Schedule.WarmupEpochs * perEpoch);
    }

    private void SetLearningRate(double lr)
    {
        _optimizer.LearningRate = lr;
    }

    private TrainingResult Result(TrainingOutcome outcome) =>
        new(outcome, _state.CompletedEpochs, _state.BatchInEpoch, _state.BestValidationDice, _state.BestEpoch, _state.History);

    private string Describe(EpochRecord r)
    {
        var validation = double.IsNaN(r.ValidationDiceLoss) ? "no validation" : $"val loss {Format(r.ValidationLoss)}, val Dice loss {Format(r.ValidationDiceLoss)}, val Dice {Format(r.ValidationDice)}";
        return $"Epoch {r.Epoch}/{Options.MaxEpochs}: train loss {Format(r.TrainLoss)}, Dice loss {Format(r.TrainDiceLoss)}; {validation}; " +
               $"lr {Format(r.LearningRate)}, alpha {Format(r.Alpha)}; {r.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s, peak {r.PeakMemoryBytes / (1024.0 * 1024):F0} MiB";
    }

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private void Log(string line) => Callbacks.Log?.Invoke(line);

    /// <summary>Disposes the optimiser (the model stays the caller's).</summary>
    public void Dispose() => _optimizer.Dispose();
}
