using System.Diagnostics;
using TorchSharp;
using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Tensors;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Training.Loading;

/// <summary>
/// The training loader: cases held once as compact crops, batches built on background workers (normalise, augment on
/// the configured device, level sets of the augmented labels) into a bounded queue, handed out in order.
/// <para>
/// Determinism: batch b of epoch e is a pure function of (seed, e, b): the epoch's permutation comes from (seed, e),
/// each sample's augmentation from (seed, e, sample index) (<see cref="IAugmentationPolicy"/>), noise from a torch
/// generator seeded by those. So <c>Epoch(e, firstBatch)</c> equals the tail of <c>Epoch(e)</c> and the batches do not
/// depend on the worker count or on timing.
/// </para>
/// <para>
/// Threads and TorchSharp: each worker builds a whole batch with torch inside its own dispose scope (dispose scopes are
/// per thread), then detaches the batch's three tensors from that scope before queueing them: they belong to no scope,
/// the consumer owns them and disposes the <see cref="TrainingBatch"/> after its step. Batches nobody took (the
/// enumerator was disposed early) are disposed by the loader. Every intermediate tensor dies with the worker's scope,
/// so memory stays flat across epochs. With <see cref="BatchLoaderOptions.Workers"/> = 0 the consumer's thread
/// builds each batch when asked (no background threads).
/// </para>
/// </summary>
public sealed class BatchLoader : IBatchSource
{
    private readonly LoaderCase[] _cases;
    private readonly EpochSchedule _schedule;
    private readonly Device _device;
    private readonly Shape3 _shape;
    private readonly Lock _statsGate = new();
    private EpochLoadStatistics? _lastEpoch;

    /// <summary>A loader over <paramref name="cases"/> (kept by reference, not copied); all cases must share one crop shape.</summary>
    public BatchLoader(IReadOnlyList<LoaderCase> cases, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(cases);
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        if (cases.Count == 0) throw new ArgumentException("The loader needs at least one case.", nameof(cases));
        _cases = cases.Select(c => (c ?? throw new ArgumentException("A loader case is null.", nameof(cases))).Validated()).ToArray();
        _shape = _cases[0].Shape;
        foreach (var c in _cases)
            if (c.Shape != _shape)
                throw new ArgumentException($"Loader case '{c.CaseId}' is {c.Shape} but '{_cases[0].CaseId}' is {_shape}; batches need one crop size (crop every case with the planned patch size).", nameof(cases));
        foreach (var c in _cases) _ = VolumeTensors.ScalarTypeOf(c.Image.VoxelType); // unsupported voxel types fail now, not in a worker
        TorchRuntime.EnsureAvailable();
        _device = Options.Device ?? CPU;
        var samples = Options.Augmentation.SamplesPerEpoch(_cases.Length);
        _schedule = new EpochSchedule(samples, Options.BatchSize, Options.Seed, Options.Shuffle, Options.DropLast);
    }

    /// <summary>The options.</summary>
    public BatchLoaderOptions Options { get; }

    /// <summary>The cases, in sample order.</summary>
    public IReadOnlyList<LoaderCase> Cases => _cases;

    /// <summary>The batch composition of every epoch.</summary>
    public EpochSchedule Schedule => _schedule;

    /// <inheritdoc />
    public int BatchesPerEpoch => _schedule.BatchesPerEpoch;

    /// <summary>Loading statistics of the epoch enumerated last (updated after every batch handed out), or null.</summary>
    public EpochLoadStatistics? LastEpochStatistics { get { lock (_statsGate) return _lastEpoch; } }

    /// <summary>Bytes the loader's cases hold (images and labels in their stored types).</summary>
    public long CaseBytes => _cases.Sum(c => c.Bytes);

    /// <inheritdoc />
    public IEnumerable<TrainingBatch> Epoch(int epoch, int firstBatch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (firstBatch < 0 || firstBatch > BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(firstBatch), firstBatch, $"The first batch must be in [0, {BatchesPerEpoch}] (this loader has {BatchesPerEpoch} batches per epoch).");
        return Enumerate(epoch, firstBatch);
    }

    /// <summary>
    /// Builds batch <paramref name="batch"/> of <paramref name="epoch"/> on the calling thread (what the workers do).
    /// The caller owns the result.
    /// </summary>
    public TrainingBatch BuildBatch(int epoch, int batch) => Build(_schedule.Order(epoch), epoch, batch, CancellationToken.None);

    /// <summary>The case and the augmentation plan of sample <paramref name="sampleIndex"/> in <paramref name="epoch"/> (for logs and replays).</summary>
    public (LoaderCase Case, AugmentationPlan Plan) Describe(int epoch, int sampleIndex)
    {
        var policy = Options.Augmentation;
        var c = _cases[policy.CaseOf(sampleIndex, _cases.Length)];
        return (c, policy.Plan(unchecked((ulong)Options.Seed), epoch, sampleIndex, _cases.Length, c.Shape));
    }

    private IEnumerable<TrainingBatch> Enumerate(int epoch, int firstBatch)
    {
        var order = _schedule.Order(epoch);
        var waited = TimeSpan.Zero;
        var prepared = TimeSpan.Zero;
        var count = 0;
        Publish(new EpochLoadStatistics(epoch, 0, waited, prepared, 0));
        if (Options.Workers == 0)
        {
            for (var b = firstBatch; b < BatchesPerEpoch; b++)
            {
                var watch = Stopwatch.StartNew();
                var batch = Build(order, epoch, b, CancellationToken.None);
                waited += watch.Elapsed;
                prepared += watch.Elapsed;
                Publish(new EpochLoadStatistics(epoch, ++count, waited, prepared, 1));
                yield return batch;
            }
            yield break;
        }
        using var prefetcher = new OrderedPrefetcher<TrainingBatch>(firstBatch, BatchesPerEpoch, Options.Workers, Options.QueueCapacity,
            (b, token) => Build(order, epoch, b, token));
        for (var b = firstBatch; b < BatchesPerEpoch; b++)
        {
            var watch = Stopwatch.StartNew();
            var (batch, time) = prefetcher.Take(b);
            waited += watch.Elapsed;
            prepared += time;
            Publish(new EpochLoadStatistics(epoch, ++count, waited, prepared, prefetcher.PeakInFlight));
            yield return batch;
        }
    }

    private void Publish(EpochLoadStatistics statistics)
    {
        lock (_statsGate) _lastEpoch = statistics;
    }

    private TrainingBatch Build(int[] order, int epoch, int batch, CancellationToken token)
    {
        var samples = _schedule.Batch(order, batch).ToArray();
        var policy = Options.Augmentation;
        var seed = unchecked((ulong)Options.Seed);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Held for the whole batch: this runs on loader threads beside training, where GCs are frequent.
        using var mean = Options.NormalizationMean.ToScalar();
        using var std = Options.NormalizationStd.ToScalar();
        var images = new List<Tensor>(samples.Length);
        var labels = new List<Tensor>(samples.Length);
        var levelSets = Options.LevelSets ? new List<Tensor>(samples.Length) : null;
        var ids = new string[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            token.ThrowIfCancellationRequested();
            var s = samples[i];
            var c = _cases[policy.CaseOf(s, _cases.Length)];
            var plan = policy.Plan(seed, epoch, s, _cases.Length, c.Shape);
            var image = VolumeTensors.ToBatchTensor(c.Image, _device, ScalarType.Float32)
                .sub_(mean).div_(std);
            var label = VolumeTensors.ToBatchTensor(c.Label, _device).ne(HeldScalars.Zero).to(ScalarType.Float32);
            var augmented = plan.Apply(new AugmentationSample(image, label), policy.Interpolation);
            images.Add(augmented.Image);
            labels.Add(augmented.Label);
            ids[i] = c.CaseId;
            if (levelSets is not null)
            {
                var mask = VolumeTensors.FromTensor<byte>(augmented.Label);
                var phi = Losses.LevelSets.Compute(mask.Data, _shape, Options.LevelSetSpacing);
                levelSets.Add(tensor(phi, [1, 1, _shape.Depth, _shape.Height, _shape.Width], ScalarType.Float32).to(_device));
            }
        }
        var imageBatch = cat(images, 0).DetachFromDisposeScope();
        var labelBatch = cat(labels, 0).DetachFromDisposeScope();
        var levelSetBatch = levelSets is null ? null : cat(levelSets, 0).DetachFromDisposeScope();
        return new TrainingBatch(imageBatch, labelBatch, levelSetBatch, ids);
    }
}
