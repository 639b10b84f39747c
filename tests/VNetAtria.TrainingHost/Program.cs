using System.Globalization;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Runtime;
using VNetAtria.Tests.Training;
using VNetAtria.Training;
using VNetAtria.Training.Loading;
using static TorchSharp.torch;

// Usage: VNetAtria.TrainingHost <out-folder> <epochs> <seed> [--resume] [--hang-after EPOCH:BATCH] [--threads N] [--batch-delay-ms MS]
//                               [--loader-workers N] [--gc-hammer] [--busy-threads N]
// Trains a BaseWidth-2 VNet on 16^3 synthetic balls (4 batches of 2 per epoch, Hybrid loss with the original alpha
// schedule, checkpoint every 2 batches), then writes final-weights.bin. --hang-after E:B (1-based) stops making progress
// after that batch so the test can kill the process mid-epoch; --resume continues from checkpoint-last.ckpt.
// Ctrl+C (SIGINT) stops after the current batch with a checkpoint; --batch-delay-ms slows batches so a test can send it mid-run.
// Stress options: --loader-workers N trains from a BatchLoader (32 ball cases, 16 batches of 2 per epoch, on-the-fly
// augmentation, normalisation, level sets) with N background workers; --gc-hammer runs a thread that allocates and
// forces collections and finalisers without pause; --busy-threads N adds N spinning threads that compete for the CPU.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: VNetAtria.TrainingHost <out-folder> <epochs> <seed> [--resume] [--hang-after EPOCH:BATCH] [--threads N] [--batch-delay-ms MS] [--loader-workers N] [--gc-hammer] [--busy-threads N]");
    return 2;
}
var output = args[0];
var epochs = int.Parse(args[1], CultureInfo.InvariantCulture);
var seed = ulong.Parse(args[2], CultureInfo.InvariantCulture);
var resume = args.Contains("--resume");
(int Epoch, int Batch)? hang = null;
var hangAt = Array.IndexOf(args, "--hang-after");
if (hangAt >= 0)
{
    var parts = args[hangAt + 1].Split(':');
    hang = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
}

int? ArgValue(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
}

var delayAt = Array.IndexOf(args, "--batch-delay-ms");
var delay = delayAt >= 0 ? int.Parse(args[delayAt + 1], CultureInfo.InvariantCulture) : 0;

TorchRuntime.EnsureAvailable();
// One intra-op thread: libtorch's CPU kernels then reduce in one fixed order, the precondition for bit-identical runs.
var threadsAt = Array.IndexOf(args, "--threads");
set_num_threads(threadsAt >= 0 ? int.Parse(args[threadsAt + 1], CultureInfo.InvariantCulture) : 1);
using var model = VNet.Create(new VNetOptions { BaseWidth = 2 }, (long)seed);
var workersAt = Array.IndexOf(args, "--loader-workers");
IBatchSource training = workersAt < 0
    ? new SyntheticBatchSource(seed, batchesPerEpoch: 4, batchSize: 2, levelSets: true)
    : new BatchLoader(SyntheticBatchSource.LoaderCases(seed, count: 32), new BatchLoaderOptions
    {
        BatchSize = 2,
        Seed = (long)seed,
        NormalisationMean = 110,
        NormalisationStd = 50,
        LevelSets = true,
        Workers = int.Parse(args[workersAt + 1], CultureInfo.InvariantCulture),
    });
using var stress = new StressLoad(args.Contains("--gc-hammer"), ArgValue("--busy-threads") ?? 0);
var validation = new SyntheticBatchSource(seed + 1, batchesPerEpoch: 2, batchSize: 2, levelSets: true, fixedEpoch: true);
var options = new TrainerOptions
{
    MaxEpochs = epochs,
    LearningRate = 3e-3,
    Plateau = new ReduceLROnPlateauOptions { Factor = 0.5, Patience = 0 },
    Alpha = AlphaSchedule.Original with { Step = 0.2 },
    CheckpointEveryEpochs = 1,
    CheckpointEveryBatches = 2,
};
using var trainer = new Trainer(model, options, training, validation, output)
{
    RunConfigJson = $$"""{"host": "VNetAtria.TrainingHost", "seed": {{seed}}}""",
    Callbacks = new TrainingCallbacks
    {
        Batch = p =>
        {
            Console.Out.WriteLine($"batch {p.Epoch + 1}:{p.Batch}");
            Console.Out.Flush();
            if (delay > 0) Thread.Sleep(delay);
            if (hang is { } h && h.Epoch == p.Epoch + 1 && h.Batch == p.Batch)
            {
                Console.Out.WriteLine("hanging");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            }
        },
        Log = line => Console.Error.WriteLine(line),
    },
};
if (resume) trainer.Resume(Path.Combine(output, TrainerFolder.LastCheckpointName));
using var ctrlC = new ConsoleCancellation();
var result = trainer.Train(ctrlC.Token);
if (result.Outcome == TrainingOutcome.Completed) model.save(Path.Combine(output, "final-weights.bin"));
stress.Dispose();
Console.Error.WriteLine($"garbage collections: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; hammer rounds {stress.HammerRounds}");
Console.Out.WriteLine($"done {result.Outcome} {result.CompletedEpochs}");
return 0;

/// <summary>
/// What makes a finaliser free a temporary TorchSharp Scalar while libtorch still reads it: a thread that allocates and
/// forces collections and pending finalisers without pause, and threads that keep the cores busy so the training
/// thread is preempted at arbitrary points.
/// </summary>
internal sealed class StressLoad : IDisposable
{
    private readonly List<Thread> _threads = [];
    private volatile bool _stop;
    private long _hammerRounds;

    public StressLoad(bool gcHammer, int busyThreads)
    {
        if (gcHammer) Start(Hammer, "gc-hammer");
        for (var i = 0; i < busyThreads; i++) Start(Spin, $"busy-{i}");
    }

    public long HammerRounds => Interlocked.Read(ref _hammerRounds);

    private void Start(ThreadStart body, string name)
    {
        var thread = new Thread(body) { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    private void Hammer()
    {
        var keep = new object[64];
        var i = 0;
        while (!_stop)
        {
            for (var k = 0; k < 256; k++) keep[(i + k) % keep.Length] = new byte[64 + (k % 7) * 512];
            i++;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Interlocked.Increment(ref _hammerRounds);
        }
    }

    private void Spin()
    {
        var x = 1.0;
        while (!_stop)
            for (var k = 0; k < 100_000; k++) x = x * 1.0000001 + 1e-9;
        GC.KeepAlive(x);
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var thread in _threads) thread.Join();
        _threads.Clear();
    }
}
