using TorchSharp;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;
using VNetAtria.Training.Checkpoints;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Training;

[Collection(TorchGlobalRngCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-trainer");
    private readonly int _threads;

    // One libtorch thread: these models are tiny, and on small shared CI machines a second spinning OpenMP thread costs
    // far more than it gives. The collection runs alone, so changing the process-wide setting is safe; it is restored.
    public TrainerTests()
    {
        _threads = get_num_threads();
        set_num_threads(1);
    }

    public void Dispose()
    {
        set_num_threads(_threads);
        Directory.Delete(_dir, recursive: true);
    }

    private static readonly VNetOptions Tiny = new() { BaseWidth = 2 };

    private static TrainerOptions Options(int epochs) => new()
    {
        MaxEpochs = epochs,
        LearningRate = 3e-3,
        Plateau = new ReduceLROnPlateauOptions { Factor = 0.5, Patience = 0 },
        CheckpointEveryEpochs = 2,
    };

    private Trainer NewTrainer(VNet model, TrainerOptions options, SyntheticBatchSource? training = null, List<string>? log = null, string? folder = null) =>
        new(model, options, training ?? new SyntheticBatchSource(11, batchesPerEpoch: 3), new SyntheticBatchSource(12, 2, fixedEpoch: true), folder ?? _dir)
        {
            RunConfigJson = """{"case":"trainer-tests"}""",
            Callbacks = new TrainingCallbacks { Log = line => log?.Add(line) },
        };

    [Fact]
    public void Training_writes_best_periodic_and_last_checkpoints_and_a_history_row_per_epoch()
    {
        using var model = VNet.Create(Tiny, 1);
        using var trainer = NewTrainer(model, Options(3));
        var result = trainer.Train(TestContext.Current.CancellationToken);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(File.Exists(Path.Combine(_dir, TrainerFolder.LastCheckpointName)));
        Assert.True(File.Exists(Path.Combine(_dir, TrainerFolder.BestCheckpointName)));
        // Every 2 epochs of 3: only after epoch 2.
        Assert.Equal(["checkpoint-epoch-0002.ckpt"], Directory.GetFiles(_dir, "checkpoint-epoch-*").Select(Path.GetFileName));

        var history = TrainingHistory.Read(Path.Combine(_dir, TrainerFolder.HistoryFileName));
        Assert.Equal(File.ReadLines(Path.Combine(_dir, TrainerFolder.HistoryFileName)).First(), string.Join(',', TrainingHistory.Columns));
        Assert.Equal([1, 2, 3], history.Select(r => r.Epoch));
        Assert.Equal(result.History, history);

        // Dice-only training: the loss is the Dice loss and alpha is 1.
        Assert.All(history, r => Assert.Equal(r.TrainLoss, r.TrainDiceLoss));
        Assert.All(history, r => Assert.Equal(1.0, r.Alpha));
        Assert.All(history, r => Assert.InRange(r.ValidationDice, 0, 1));
        Assert.All(history, r => Assert.True(r.Seconds > 0 && r.PeakMemoryBytes > 0));

        // The learning rate column is the PyTorch plateau schedule fed with the validation Dice losses (an independent replay).
        var replay = new ReduceLROnPlateau(Options(3).Plateau, 3e-3);
        var expectedRates = new List<double> { 3e-3 };
        foreach (var r in history.SkipLast(1)) expectedRates.Add(replay.Step(r.ValidationDiceLoss));
        Assert.Equal(expectedRates, history.Select(r => r.LearningRate));

        // checkpoint-best is the epoch of the highest validation Dice.
        var bestEpoch = history.MaxBy(r => r.ValidationDice)!.Epoch;
        var best = CheckpointFile.Read(Path.Combine(_dir, TrainerFolder.BestCheckpointName)).Manifest.State;
        Assert.Equal(bestEpoch, best.CompletedEpochs);
        Assert.Equal((bestEpoch, history.Max(r => r.ValidationDice)), (result.BestEpoch, result.BestValidationDice));
        var last = CheckpointFile.Read(Path.Combine(_dir, TrainerFolder.LastCheckpointName)).Manifest.State;
        Assert.Equal((3, 0, 9L), (last.CompletedEpochs, last.BatchInEpoch, last.GlobalStep));
    }

    [Fact]
    public void The_alpha_column_follows_the_loss_schedule_of_completed_epochs()
    {
        using var model = VNet.Create(Tiny, 1);
        var schedule = AlphaSchedule.Original with { Step = 0.25 };
        var training = new SyntheticBatchSource(11, batchesPerEpoch: 2, levelSets: true);
        using var trainer = NewTrainer(model, Options(3) with { Alpha = schedule }, training);
        var history = trainer.Train(TestContext.Current.CancellationToken).History;
        // Original schedule: 1, then - 0.25 while alpha - 0.1 >= 0.05.
        Assert.Equal([1.0, 0.75, 0.5], history.Select(r => r.Alpha));
        Assert.NotEqual(history[1].TrainLoss, history[1].TrainDiceLoss);
    }

    [Fact]
    public void A_short_training_on_a_tiny_synthetic_problem_lowers_the_validation_loss()
    {
        using var model = VNet.Create(Tiny, 2);
        var options = Options(6) with { Plateau = ReduceLROnPlateauOptions.Segmenter, CheckpointEveryEpochs = 0 };
        using var trainer = NewTrainer(model, options, new SyntheticBatchSource(5, batchesPerEpoch: 4));
        var history = trainer.Train(TestContext.Current.CancellationToken).History;
        Assert.True(history[^1].ValidationDiceLoss < history[0].ValidationDiceLoss - 0.05,
            $"validation Dice loss went from {history[0].ValidationDiceLoss} to {history[^1].ValidationDiceLoss}");
        Assert.True(history[^1].ValidationDice > history[0].ValidationDice);
    }

    [Fact]
    public void Cancellation_saves_checkpoint_last_after_the_current_batch_and_training_resumes_from_there()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using (var model = VNet.Create(Tiny, 1))
        using (var trainer = new Trainer(model, Options(2), new SyntheticBatchSource(11, 3), new SyntheticBatchSource(12, 2, fixedEpoch: true), _dir)
               {
                   RunConfigJson = """{"case":"trainer-tests"}""",
                   Callbacks = new TrainingCallbacks { Batch = p => { if (p.Epoch == 0 && p.Batch == 2) cts.Cancel(); } },
               })
        {
            var result = trainer.Train(cts.Token);
            Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
            Assert.Equal((0, 2), (result.CompletedEpochs, result.BatchInEpoch));
        }
        var saved = CheckpointFile.Read(Path.Combine(_dir, TrainerFolder.LastCheckpointName)).Manifest;
        Assert.Equal((0, 2, 2L), (saved.State.CompletedEpochs, saved.State.BatchInEpoch, saved.State.GlobalStep));
        Assert.Equal("cancelled", saved.Kind);

        var training = new SyntheticBatchSource(11, 3);
        using var resumedModel = VNet.Create(Tiny, 99);
        using var resumed = NewTrainer(resumedModel, Options(2), training);
        resumed.Resume(Path.Combine(_dir, TrainerFolder.LastCheckpointName));
        var final = resumed.Train(TestContext.Current.CancellationToken);
        Assert.Equal(TrainingOutcome.Completed, final.Outcome);
        Assert.Equal([(0, 2), (1, 0), (1, 1), (1, 2)], training.Served);
        Assert.Equal([1, 2], final.History.Select(r => r.Epoch));
    }

    [Fact]
    public void A_NaN_loss_stops_with_epoch_batch_and_term_and_keeps_the_last_good_checkpoint()
    {
        var training = new SyntheticBatchSource(11, 2);
        training.Poisoned.Add((1, 1));
        var log = new List<string>();
        using var model = VNet.Create(Tiny, 1);
        using var trainer = NewTrainer(model, Options(3), training, log);

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(TestContext.Current.CancellationToken));
        Assert.Equal((2, 2), (e.Epoch, e.Batch));
        Assert.Contains("epoch 2, batch 2", e.Message);
        Assert.Contains("Region term (Dice) = NaN", e.Message);
        Assert.Contains("images contain NaN", e.Message);
        Assert.Contains("e1-b1-s0", e.Message);
        Assert.Contains(e.Message, log);

        var last = CheckpointFile.Read(Path.Combine(_dir, TrainerFolder.LastCheckpointName));
        Assert.Equal((1, 0), (last.Manifest.State.CompletedEpochs, last.Manifest.State.BatchInEpoch));
        using var restored = VNet.Create(Tiny, 5);
        ModelWeights.Load(restored, last);
        Assert.All(restored.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void A_NaN_gradient_is_named_with_epoch_and_batch_the_step_is_not_applied_and_the_doctor_is_suggested()
    {
        const string faulty = "down_transition32.ops.0.conv1.weight";
        using var model = VNet.Create(Tiny, 1);
        var parameter = model.named_parameters().Single(p => p.name == faulty).parameter;
        var log = new List<string>();
        var backwards = 0;
        Dictionary<string, float[]>? beforeStep = null;
        using var trainer = new Trainer(model, Options(3), new SyntheticBatchSource(11, 3), new SyntheticBatchSource(12, 2, fixedEpoch: true), _dir)
        {
            Callbacks = new TrainingCallbacks { Log = log.Add },
            // Stands in for a faulty convolution kernel: one gradient entry of one parameter becomes NaN in epoch 2, batch 2.
            AfterBackward = () =>
            {
                if (++backwards != 5) return;
                beforeStep = Weights(model);
                using var scope = NewDisposeScope();
                using var nan = float.NaN.ToScalar();
                parameter.grad!.view(-1).narrow(0, 7, 1).fill_(nan);
            },
        };

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine(e.Message);
        Assert.Equal((2, 2), (e.Epoch, e.Batch));
        Assert.Contains($"the gradient of parameter '{faulty}' contains NaN (the only parameter with a non-finite gradient)", e.Message);
        Assert.Contains("before the optimiser step at epoch 2, batch 2", e.Message);
        Assert.Contains("not a divergence but likely a numerical fault in a kernel", e.Message);
        Assert.Contains("vnet-atria doctor", e.Message);
        Assert.DoesNotContain("lower the learning rate", e.Message);
        Assert.Contains(e.Message, log);
        // The step was not applied: the weights are those of the moment the NaN appeared.
        Assert.Equal(beforeStep, Weights(model));
        Assert.Equal(1, CheckpointFile.Read(Path.Combine(_dir, TrainerFolder.LastCheckpointName)).Manifest.State.CompletedEpochs);
    }

    [Fact]
    public void A_real_divergence_stops_with_the_advice_to_lower_the_learning_rate()
    {
        using var model = VNet.Create(Tiny, 1);
        // A learning rate of 50: every Adam step moves each weight by about 50, so activations run away within a few steps.
        using var trainer = NewTrainer(model, Options(3) with { LearningRate = 50 });
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(TestContext.Current.CancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine(e.Message);
        Assert.Contains("The training diverged", e.Message);
        Assert.Contains("lower the learning rate", e.Message);
        Assert.DoesNotContain("doctor", e.Message);
    }

    private static Dictionary<string, float[]> Weights(VNet model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().contiguous().data<float>().ToArray());

    [Fact]
    public void Weights_that_become_NaN_are_never_written_as_a_checkpoint()
    {
        using var model = VNet.Create(Tiny, 1);
        // Stands in for an exploding step: the losses stay finite, a weight does not.
        using var trainer = new Trainer(model, Options(2) with { CheckpointEveryBatches = 1 }, new SyntheticBatchSource(11, 3), null, _dir)
        {
            Callbacks = new TrainingCallbacks
            {
                Batch = p =>
                {
                    if (p.Batch != 1) return;
                    using var noGrad = no_grad();
                    using var nan = float.NaN.ToScalar();
                    model.parameters().Last().fill_(nan);
                },
            },
        };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Train(TestContext.Current.CancellationToken));
        Assert.Equal((1, 1), (e.Epoch, e.Batch));
        Assert.Contains("became NaN or infinite by epoch 1, batch 1", e.Message);
        Assert.Contains("No checkpoint had been written yet", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, TrainerFolder.LastCheckpointName)));
    }

    [Fact]
    public void Early_stopping_ends_training_after_the_given_validations_without_a_better_Dice()
    {
        using var model = VNet.Create(Tiny, 1);
        // A learning rate too small to change the thresholded prediction: validation Dice never improves after epoch 1.
        var options = Options(10) with { LearningRate = 1e-20, EarlyStopPatience = 2, CheckpointEveryEpochs = 0 };
        using var trainer = NewTrainer(model, options);
        var result = trainer.Train(TestContext.Current.CancellationToken);
        Assert.Equal(TrainingOutcome.EarlyStopped, result.Outcome);
        Assert.Equal(3, result.CompletedEpochs);
        Assert.Equal(1, result.BestEpoch);
    }

    [Fact]
    public void A_finished_run_can_be_extended_by_resuming_with_more_epochs()
    {
        using (var model = VNet.Create(Tiny, 1))
        using (var trainer = new Trainer(model, Options(1), new SyntheticBatchSource(11, 3), null, _dir) { RunConfigJson = """{"segmenter":{"epochs":1}}""" })
            trainer.Train(TestContext.Current.CancellationToken);

        using var again = VNet.Create(Tiny, 1);
        using var extended = new Trainer(again, Options(2), new SyntheticBatchSource(11, 3), null, _dir) { RunConfigJson = """{"segmenter":{"epochs":2}}""" };
        extended.Resume(Path.Combine(_dir, TrainerFolder.LastCheckpointName));
        var result = extended.Train(TestContext.Current.CancellationToken);
        Assert.Equal(2, result.CompletedEpochs);
        Assert.Equal([1, 2], result.History.Select(r => r.Epoch));
    }

    [Fact]
    public void Resuming_with_a_different_configuration_lists_the_differing_options()
    {
        using (var model = VNet.Create(Tiny, 1))
        using (var trainer = NewTrainer(model, Options(1)))
            trainer.Train(TestContext.Current.CancellationToken);

        using var other = VNet.Create(Tiny with { Activation = VNetActivation.ELU }, 1);
        using var changed = new Trainer(other, Options(5) with { LearningRate = 1e-3 }, new SyntheticBatchSource(11, 3), null, _dir)
        {
            RunConfigJson = """{"case":"other"}""",
        };
        var e = Assert.Throws<CheckpointIncompatibleException>(() => changed.Resume(Path.Combine(_dir, TrainerFolder.LastCheckpointName)));
        Assert.Equal(["model.Activation", "trainer.LearningRate", "run.case"], e.Differences.Select(d => d.Path));
        Assert.Contains("model.Activation: checkpoint \"PReLU\", now \"ELU\"", e.Message);
        Assert.Contains(TrainerFolder.LastCheckpointName, e.Message);
    }

    private static readonly LearningRateSchedule PolyWithWarmUp = new() { Kind = LearningRateScheduleKind.Poly, WarmupEpochs = 1 };

    [Fact]
    public void A_budget_schedule_sets_the_rate_of_every_step_and_ignores_validation_plateaus()
    {
        using var model = VNet.Create(Tiny, 1);
        var rates = new List<double>();
        var options = Options(4) with { Schedule = PolyWithWarmUp };
        using var trainer = new Trainer(model, options, new SyntheticBatchSource(11, batchesPerEpoch: 3), new SyntheticBatchSource(12, 2, fixedEpoch: true), _dir)
        {
            Callbacks = new TrainingCallbacks { Batch = p => rates.Add(p.LearningRate) },
        };
        var history = trainer.Train(TestContext.Current.CancellationToken).History;
        // 4 epochs x 3 batches, 3 warm-up steps: 1/3, 2/3, 3/3 of 3e-3, then (1 - t)^0.9 with t = (s - 3) / 9.
        var expected = Enumerable.Range(0, 12).Select(s => s < 3 ? 3e-3 * (s + 1) / 3 : 3e-3 * Math.Pow(1 - (s - 3) / 9.0, 0.9)).ToArray();
        Assert.Equal(expected.Length, rates.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], rates[i], 15);
        // The history holds each epoch's first rate; the plateau schedule (patience 0, factor 0.5) would have halved it.
        Assert.Equal([expected[0], expected[3], expected[6], expected[9]], history.Select(r => r.LearningRate));
    }

    [Fact]
    public void A_budget_schedule_resumes_mid_epoch_to_the_weights_of_an_uninterrupted_run()
    {
        var options = Options(3) with { Schedule = PolyWithWarmUp with { Kind = LearningRateScheduleKind.Cosine, MinLearningRate = 1e-4 }, CheckpointEveryEpochs = 0 };
        static byte[] Weights(VNet m)
        {
            using var stream = new MemoryStream();
            m.save(stream);
            return stream.ToArray();
        }
        byte[] straight;
        IReadOnlyList<EpochRecord> straightHistory;
        using (var model = VNet.Create(Tiny, 1))
        using (var trainer = NewTrainer(model, options, folder: Path.Combine(_dir, "straight")))
        {
            straightHistory = trainer.Train(TestContext.Current.CancellationToken).History;
            straight = Weights(model);
        }

        var folder = Path.Combine(_dir, "interrupted");
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        using (var model = VNet.Create(Tiny, 1))
        using (var trainer = new Trainer(model, options, new SyntheticBatchSource(11, 3), new SyntheticBatchSource(12, 2, fixedEpoch: true), folder)
               {
                   RunConfigJson = """{"case":"trainer-tests"}""",
                   Callbacks = new TrainingCallbacks { Batch = p => { if (p.Epoch == 1 && p.Batch == 1) cts.Cancel(); } },
               })
            Assert.Equal(TrainingOutcome.Cancelled, trainer.Train(cts.Token).Outcome);
        using var resumedModel = VNet.Create(Tiny, 7);
        using var resumed = NewTrainer(resumedModel, options, folder: folder);
        resumed.Resume(Path.Combine(folder, TrainerFolder.LastCheckpointName));
        var history = resumed.Train(TestContext.Current.CancellationToken).History;
        Assert.Equal(straight, Weights(resumedModel));
        Assert.Equal(straightHistory.Select(r => (r.TrainLoss, r.ValidationDice, r.LearningRate)), history.Select(r => (r.TrainLoss, r.ValidationDice, r.LearningRate)));
    }

    [Fact]
    public void A_budget_schedule_refuses_a_new_epoch_budget_on_resume()
    {
        using (var model = VNet.Create(Tiny, 1))
        using (var trainer = NewTrainer(model, Options(2) with { Schedule = PolyWithWarmUp }))
            trainer.Train(TestContext.Current.CancellationToken);
        using var again = VNet.Create(Tiny, 1);
        using var extended = NewTrainer(again, Options(3) with { Schedule = PolyWithWarmUp });
        var e = Assert.Throws<CheckpointException>(() => extended.Resume(Path.Combine(_dir, TrainerFolder.LastCheckpointName)));
        Assert.Contains("trainer.MaxEpochs: checkpoint 2, now 3", e.Message);
        Assert.Contains("Poly learning-rate schedule spreads its decay over the budget", e.Message);
    }

    [Fact]
    public void Native_memory_stays_flat_across_epochs()
    {
        using var model = VNet.Create(Tiny, 1);
        var live = new List<long>();
        using var trainer = new Trainer(model, Options(4) with { CheckpointEveryEpochs = 0, Alpha = AlphaSchedule.Original }, new SyntheticBatchSource(11, 2, levelSets: true),
            new SyntheticBatchSource(12, 1, levelSets: true, fixedEpoch: true), _dir)
        {
            Callbacks = new TrainingCallbacks { Epoch = _ => live.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount) },
        };
        var history = trainer.Train(TestContext.Current.CancellationToken).History;
        // After the first epoch (optimiser state created), no epoch may leave tensors behind.
        Assert.True(live[^1] - live[1] <= 0, $"live tensors after each epoch: {string.Join(", ", live)}");
        // Resident memory: a generous bound (allocator caches and the GC move it by tens of MiB, a leak of batches would not stop).
        Assert.True(history[^1].PeakMemoryBytes < history[1].PeakMemoryBytes + (256L << 20),
            $"peak RSS per epoch (MiB): {string.Join(", ", history.Select(r => r.PeakMemoryBytes >> 20))}");
    }
}
