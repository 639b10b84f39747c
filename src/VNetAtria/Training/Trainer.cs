using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Models.Convolutions;
using VNetAtria.Optimisation;
using VNetAtria.Training.Checkpoints;
using VNetAtria.Runtime;
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
    // Options that may change between a checkpoint and its resumption without breaking exactness of what was done.
    // Options a resume may change: the epoch budget, so a run can be extended ("train 40 more epochs"). The run-level
    // config (ExperimentConfig, under "run") carries each stage's epochs too; nothing else in it changes the result
    // of the epochs already done.
    private static readonly string[] ResumableChanges = ["trainer.MaxEpochs", "run.locator.epochs", "run.segmenter.epochs"];

    private readonly VNet _model;
    private readonly IBatchSource _training;
    private readonly IBatchSource? _validation;
    private readonly Device _device;
    private readonly AdamOptimizer _optimizer;
    private ReduceLROnPlateau _scheduler;
    private TrainingState _state;
    private double _largestWeightAtEpochStart;

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
        _optimizer = CreateOptimizer(_model.named_parameters(), Options);
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

    /// <summary>The name of the optimiser recorded in checkpoints (its state is in TorchSharp's Adam layout, so older checkpoints resume).</summary>
    internal const string OptimizerName = "Adam";

    /// <summary>Runs after backward and before the gradient check and the optimiser step (tests inject faulty gradients here).</summary>
    internal Action? AfterBackward { get; init; }

    /// <summary>The trainer's optimiser over <paramref name="parameters"/>.</summary>
    internal static AdamOptimizer CreateOptimizer(IEnumerable<(string Name, Parameter Parameter)> parameters, TrainerOptions options) =>
        // The original's torch.optim.Adam defaults (betas 0.9/0.999, eps 1e-8), with L2 weight decay as an option.
        new(parameters, new AdamOptions { LearningRate = options.LearningRate, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, WeightDecay = options.WeightDecay });

    /// <summary>The configuration compared on resume: model options, trainer options and the caller's configuration.</summary>
    public string EffectiveConfigJson()
    {
        var json = new JsonObject
        {
            ["model"] = JsonSerializer.SerializeToNode(_model.Options, CheckpointFile.JsonOptions),
            ["trainer"] = JsonSerializer.SerializeToNode(Options, CheckpointFile.JsonOptions),
            ["run"] = RunConfigJson is null ? null : JsonNode.Parse(RunConfigJson),
        };
        return json.ToJsonString(CheckpointFile.JsonOptions);
    }

    /// <summary>
    /// Continues from a checkpoint: verifies it, checks that it comes from the same configuration (else
    /// <see cref="CheckpointIncompatibleException"/> listing the differing options; only MaxEpochs may change), and
    /// restores weights, Adam's moments and step counts, the scheduler, the loss schedule, torch's CPU generator, the
    /// position (epoch and batch) and the history. The next <see cref="Train"/> continues as if never stopped.
    /// </summary>
    public void Resume(string checkpointPath)
    {
        var content = CheckpointFile.Read(checkpointPath);
        var differences = ConfigDifference.Compare(content.Manifest.State.ConfigJson, EffectiveConfigJson(), Options.UsesBudgetSchedule ? [] : ResumableChanges);
        if (Options.UsesBudgetSchedule && differences.Count > 0 && differences.All(d => ResumableChanges.Contains(d.Path)))
            throw new CheckpointException(checkpointPath, $"was written with another epoch budget ({string.Join("; ", differences)}), and the {Options.Schedule!.Kind} learning-rate schedule " +
                "spreads its decay over the budget, so the budget cannot change on resume (the rates already used would differ). Resume with the checkpoint's epochs, or start a new run.");
        if (differences.Count > 0) throw new CheckpointIncompatibleException(checkpointPath, differences);
        if (content.Manifest.Optimizer != OptimizerName)
            throw new CheckpointException(checkpointPath, $"holds {content.Manifest.Optimizer} optimiser state; this trainer uses {OptimizerName}.");
        foreach (var name in new[] { "model", "optimizer", "torch-rng" })
            if (!content.Sections.ContainsKey(name))
                throw new CheckpointException(checkpointPath, $"has no '{name}' section; it was not written by the trainer.");
        var state = content.Manifest.State;
        if (state.BatchInEpoch < 0 || state.BatchInEpoch >= _training.BatchesPerEpoch)
            throw new CheckpointException(checkpointPath, $"stopped at batch {state.BatchInEpoch} of an epoch, but the training source now has {_training.BatchesPerEpoch} batches per epoch; the data changed since the checkpoint.");
        try
        {
            LoadWeights(_model, content);
            using (var reader = new BinaryReader(new MemoryStream(content.Sections["optimizer"])))
                _optimizer.Load(reader);
            using (var rng = tensor(content.Sections["torch-rng"]))
                torch.random.set_rng_state(rng);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(checkpointPath, $"its tensors do not fit this model ({e.Message}).", e);
        }
        _scheduler = new ReduceLROnPlateau(Options.Plateau, state.Scheduler);
        _state = state;
        SetLearningRate(LearningRate);
        Log($"Resumed from '{checkpointPath}': {state.CompletedEpochs} epoch(s) done, next batch {state.BatchInEpoch + 1} of epoch {state.CompletedEpochs + 1}, learning rate {Format(LearningRate)}.");
    }

    /// <summary>
    /// Writes a checkpoint holding only <paramref name="model"/>'s weights (no optimiser, no random state: it predicts
    /// and fine-tunes but cannot resume), e.g. for weights imported from the original's PyTorch checkpoints.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .ckpt file (written atomically).</param>
    /// <param name="kind">What the checkpoint is ("imported").</param>
    /// <param name="completedEpochs">Epochs the weights were trained for, when known (0 otherwise).</param>
    public static void WriteWeights(VNet model, string path, string kind, int completedEpochs = 0)
    {
        byte[] weights;
        using (var stream = new MemoryStream())
        {
            model.save(stream);
            weights = stream.ToArray();
        }
        var manifest = new CheckpointManifest
        {
            LibraryVersion = VersionOf(typeof(Trainer).Assembly),
            TorchSharpVersion = VersionOf(typeof(torch).Assembly),
            Kind = kind,
            CreatedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            Optimizer = "none",
            State = new TrainingState
            {
                CompletedEpochs = completedEpochs,
                Scheduler = new ReduceLROnPlateauState(0, double.PositiveInfinity, 0, 0, 0),
                ConfigJson = JsonSerializer.Serialize(new { model = model.Options }, CheckpointFile.JsonOptions),
            },
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        CheckpointFile.Write(path, manifest, [new("model", weights)]);
    }

    /// <summary>Loads the "model" section of a checkpoint into <paramref name="model"/> (for prediction or fine-tuning).</summary>
    public static void LoadWeights(VNet model, CheckpointContent checkpoint)
    {
        if (!checkpoint.Sections.TryGetValue("model", out var bytes))
            throw new InvalidDataException("The checkpoint has no 'model' section.");
        using var stream = new MemoryStream(bytes);
        model.load(stream, strict: true);
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
            var clock = Stopwatch.StartNew();
            PeakMemory.Reset();
            var lossSum = _state.PartialTrainLossSum;
            var diceSum = _state.PartialTrainDiceLossSum;
            var batch = _state.BatchInEpoch;
            var step = _state.GlobalStep;
            var peak = _state.PartialPeakMemoryBytes;
            var previousSeconds = _state.PartialSeconds;
            _largestWeightAtEpochStart = NumericalEvidence.LargestMagnitude(_model.parameters());

            foreach (var trainingBatch in _training.Epoch(epoch, batch))
            {
                double loss, dice;
                var stepRate = learningRate;
                if (Options.UsesBudgetSchedule) SetLearningRate(stepRate = BudgetLearningRate(step));
                using (trainingBatch)
                    (loss, dice) = TrainStep(trainingBatch, alpha, epoch, batch);
                lossSum += loss;
                diceSum += dice;
                batch++;
                step++;
                Callbacks.Batch?.Invoke(new BatchProgress(epoch, Options.MaxEpochs, batch, _training.BatchesPerEpoch, loss, dice, stepRate));
                if (batch >= _training.BatchesPerEpoch) break;
                var due = Options.CheckpointEveryBatches > 0 && batch % Options.CheckpointEveryBatches == 0;
                if (due || cancellationToken.IsCancellationRequested)
                {
                    _state = _state with
                    {
                        BatchInEpoch = batch,
                        GlobalStep = step,
                        PartialTrainLossSum = lossSum,
                        PartialTrainDiceLossSum = diceSum,
                        PartialSeconds = previousSeconds + clock.Elapsed.TotalSeconds,
                        PartialPeakMemoryBytes = Math.Max(peak, PeakMemory.Bytes()),
                        Alpha = alpha,
                        AlphaEpoch = epoch,
                    };
                    var bytes = EncodeCheckpoint(cancellationToken.IsCancellationRequested ? "cancelled" : "batch");
                    CheckpointFile.WriteBytes(Path.Combine(OutputFolder, TrainerFolder.LastCheckpointName), bytes);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        Log($"Cancelled after batch {batch} of epoch {epoch + 1}; saved {TrainerFolder.LastCheckpointName}.");
                        return Result(TrainingOutcome.Cancelled);
                    }
                }
            }
            if (batch < _training.BatchesPerEpoch)
                throw new InvalidOperationException($"The training batch source gave {batch} batches in epoch {epoch + 1}, but announced {_training.BatchesPerEpoch}.");

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
                lossSum / _training.BatchesPerEpoch,
                diceSum / _training.BatchesPerEpoch,
                valLoss, valDiceLoss, valDice,
                learningRate, alpha,
                previousSeconds + clock.Elapsed.TotalSeconds,
                Math.Max(peak, PeakMemory.Bytes()));
            _state = _state with
            {
                CompletedEpochs = epoch + 1,
                BatchInEpoch = 0,
                GlobalStep = step,
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
            TrainingHistory.Write(Path.Combine(OutputFolder, TrainerFolder.HistoryFileName), _state.History);
            SaveEpochCheckpoints(epoch + 1, isBest);
            Log(Describe(record) + (isBest ? " (best)" : ""));
            Callbacks.Epoch?.Invoke(record);

            if (Options.EarlyStopPatience is { } patience && withoutImprovement >= patience)
            {
                Log($"Early stop: no better validation Dice for {withoutImprovement} validation(s) (best {Format(best)} at epoch {bestEpoch}).");
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
            throw Diverged(batch, images, labels, levelSets, logits, alpha, loss, epoch, batchIndex);
        result.Loss.backward();
        AfterBackward?.Invoke();
        if (NonFiniteGradients() is { Count: > 0 } bad)
            throw NonFiniteGradient(batch, logits, loss, bad, epoch, batchIndex);
        _optimizer.Step();
        return (loss, dice);
    }

    private TrainingDivergedException Diverged(TrainingBatch batch, Tensor images, Tensor labels, Tensor? levelSets, Tensor logits, double alpha, float loss, int epoch, int batchIndex)
    {
        using var noGrad = no_grad();
        string Value(Tensor t) => t.item<float>().ToString("G6", CultureInfo.InvariantCulture);
        var dice = Value(DiceLoss.Compute(logits, labels));
        var region = Options.RegionLoss switch
        {
            RegionLossKind.Dice => dice,
            RegionLossKind.DiceCrossEntropy => Value(DiceCrossEntropyLoss.Compute(logits, labels, Options.DiceCrossEntropy)),
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
                      $"(cases {string.Join(", ", batch.CaseIds)}). Region term ({Options.RegionLoss}) = {region}, Boundary term = {boundary}, alpha = {Format(alpha)}. {cause} {kept}";
        Log(message);
        return new TrainingDivergedException(message, epoch + 1, batchIndex + 1);
    }

    /// <summary>The names of the parameters whose gradient holds NaN or infinity, in parameter order (one sync when all are finite).</summary>
    private List<string> NonFiniteGradients()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var names = new List<string>();
        var finite = new List<Tensor>();
        foreach (var state in _optimizer.State)
        {
            if (state.Parameter.grad is not { } grad) continue;
            names.Add(state.Name);
            finite.Add(grad.isfinite().all());
        }
        if (finite.Count == 0 || stack(finite).all().item<bool>()) return [];
        return names.Where((_, i) => !finite[i].item<bool>()).ToList();
    }

    private TrainingDivergedException NonFiniteGradient(TrainingBatch batch, Tensor logits, float loss, List<string> bad, int epoch, int batchIndex)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Backward runs from the output to the input and a NaN spreads towards the input, so the non-finite gradient
        // nearest the output (the last in parameter order) is the first the backward pass produced.
        var first = bad[^1];
        var state = _optimizer.State.First(s => s.Name == first);
        var kind = state.Parameter.grad!.isnan().any().item<bool>() ? "NaN" : "infinite values";
        var evidence = Evidence(logits);
        var others = bad.Count == 1 ? "the only parameter with a non-finite gradient"
            : $"the first of {bad.Count} with non-finite gradients that backward reached; nearest the input: '{bad[0]}'";
        var message = $"Training stopped before the optimiser step at epoch {epoch + 1}, batch {batchIndex + 1} (cases {string.Join(", ", batch.CaseIds)}): " +
                      $"the gradient of parameter '{first}' contains {kind} ({others}) although the loss {loss.ToString(CultureInfo.InvariantCulture)} is finite; " +
                      $"{evidence.Facts}. {evidence.Conclusion} The step was not applied. {KeptCheckpoint()}";
        Log(message);
        return new TrainingDivergedException(message, epoch + 1, batchIndex + 1);
    }

    private NumericalEvidence Evidence(Tensor logits) => NumericalEvidence.Gather(_model.parameters(), _largestWeightAtEpochStart, logits);

    private string KeptCheckpoint()
    {
        var last = Path.Combine(OutputFolder, TrainerFolder.LastCheckpointName);
        return File.Exists(last) ? $"The last good checkpoint '{last}' is kept." : "No checkpoint had been written yet.";
    }

    // Gradients are checked before every step, so weights that are not finite were written by something other than the
    // step (a callback, a faulty kernel); they must never replace the last good checkpoint.
    private void EnsureFiniteWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in _model.named_parameters())
        {
            using (NewDisposeScope())
                if (parameter.isfinite().all().item<bool>()) continue;
            var atEpochEnd = _state.BatchInEpoch == 0;
            var (epoch, batch) = atEpochEnd ? (_state.CompletedEpochs, _training.BatchesPerEpoch) : (_state.CompletedEpochs + 1, _state.BatchInEpoch);
            var message = $"Training stopped: parameter '{name}' became NaN or infinite by epoch {epoch}, batch {batch} " +
                          $"although every loss and every gradient applied was finite, so the optimiser step did not do it: something else wrote the weights " +
                          $"(a callback, or a numerical fault in a kernel: {NumericalEvidence.DoctorAdvice}). {KeptCheckpoint()}";
            Log(message);
            throw new TrainingDivergedException(message, epoch, batch);
        }
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
                    dice += HardDice(logits, labels);
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

    /// <summary>Batch-global Dice of (sigmoid(logits) &gt;= 0.5) against the labels; 1 when both are empty.</summary>
    internal static double HardDice(Tensor logits, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var prediction = logits.ge(HeldScalars.Zero).to(ScalarType.Float32);
        var truth = labels.to(ScalarType.Float32);
        var overlap = (prediction * truth).sum().item<float>();
        var total = prediction.sum().item<float>() + truth.sum().item<float>();
        return total == 0 ? 1.0 : 2.0 * overlap / total;
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

    private void SaveEpochCheckpoints(int completedEpochs, bool isBest)
    {
        var bytes = EncodeCheckpoint("last");
        CheckpointFile.WriteBytes(Path.Combine(OutputFolder, TrainerFolder.LastCheckpointName), bytes);
        if (isBest) CheckpointFile.WriteBytes(Path.Combine(OutputFolder, TrainerFolder.BestCheckpointName), bytes);
        if (Options.CheckpointEveryEpochs > 0 && completedEpochs % Options.CheckpointEveryEpochs == 0)
            CheckpointFile.WriteBytes(Path.Combine(OutputFolder, TrainerFolder.EpochCheckpointName(completedEpochs)), bytes);
    }

    private byte[] EncodeCheckpoint(string kind)
    {
        EnsureFiniteWeights();
        byte[] model, optimizer, rng;
        using (var stream = new MemoryStream())
        {
            _model.save(stream);
            model = stream.ToArray();
        }
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                _optimizer.Save(writer);
            optimizer = stream.ToArray();
        }
        using (var state = torch.random.get_rng_state())
            rng = state.data<byte>().ToArray();
        var manifest = new CheckpointManifest
        {
            LibraryVersion = VersionOf(typeof(Trainer).Assembly),
            TorchSharpVersion = VersionOf(typeof(torch).Assembly),
            Kind = kind,
            CreatedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            Optimizer = OptimizerName,
            State = _state with
            {
                Scheduler = _scheduler.State,
                ConfigJson = EffectiveConfigJson(),
            },
        };
        return CheckpointFile.Encode(manifest, [new("model", model), new("optimizer", optimizer), new("torch-rng", rng)]);
    }

    private TrainingResult Result(TrainingOutcome outcome) =>
        new(outcome, _state.CompletedEpochs, _state.BatchInEpoch, _state.BestValidationDice, _state.BestEpoch, _state.History);

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 ? version[..plus] : version;
    }

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
