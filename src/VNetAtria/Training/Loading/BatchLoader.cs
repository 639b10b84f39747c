using System.Diagnostics;
using TorchSharp;
using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Tensors;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Training.Loading;

/// <summary>
/// The training loader: cases held once as compact crops, batches built on background workers (optionally a random
/// patch of each case, <see cref="PatchSampling"/>; normalise, augment on the configured device, level sets of the
/// augmented labels) into a bounded queue, handed out in order.
/// <para>
/// Determinism: batch b of epoch e is a pure function of (seed, e, b): the epoch's permutation comes from (seed, e),
/// each sample's patch and augmentation from (seed, e, sample index) (<see cref="PatchSampler"/>, <see cref="IAugmentationPolicy"/>), noise from a torch
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
    private readonly CaseForeground[]? _foreground;
    private readonly EpochSchedule _schedule;
    private readonly Device _device;
    private readonly Lock _statsGate = new();
    private EpochLoadStatistics? _lastEpoch;

    /// <summary>
    /// A loader over <paramref name="cases"/> (kept by reference, not copied). Without <see cref="BatchLoaderOptions.Patches"/>
    /// all cases must share one crop shape, unless batches hold one sample (then each case keeps its own shape); with
    /// patches, every case must be at least the patch size.
    /// </summary>
    public BatchLoader(IReadOnlyList<LoaderCase> cases, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(cases);
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        if (cases.Count == 0) throw new ArgumentException("The loader needs at least one case.", nameof(cases));
        _cases = cases.Select(c => (c ?? throw new ArgumentException("A loader case is null.", nameof(cases))).Validated()).ToArray();
        if (Options.Patches is { Size: var patch })
        {
            foreach (var c in _cases)
                if (c.Shape.Depth < patch.Depth || c.Shape.Height < patch.Height || c.Shape.Width < patch.Width)
                    throw new ArgumentException($"Loader case '{c.CaseId}' is {c.Shape}, smaller than the {patch} patch on some axis; pad it to at least the patch size (or choose a smaller patch).", nameof(cases));
            _foreground = _cases.Select(c => CaseForeground.Of(c.Label)).ToArray();
        }
        else if (Options.BatchSize > 1)
        {
            var shape = _cases[0].Shape;
            foreach (var c in _cases)
                if (c.Shape != shape)
                    throw new ArgumentException($"Loader case '{c.CaseId}' is {c.Shape} but '{_cases[0].CaseId}' is {shape}; batches of {Options.BatchSize} need one crop size " +
                        $"(crop every case with the planned patch size, sample patches, or use batches of 1).", nameof(cases));
        }
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

    /// <summary>
    /// The case, the region of it (the whole case, or the sampled patch) and the augmentation plan of sample
    /// <paramref name="sampleIndex"/> in <paramref name="epoch"/> (for logs and replays).
    /// </summary>
    public (LoaderCase Case, Box3 Region, AugmentationPlan Plan) Describe(int epoch, int sampleIndex)
    {
        var policy = Options.Augmentation;
        var caseIndex = policy.CaseOf(sampleIndex, _cases.Length);
        var region = Region(caseIndex, epoch, sampleIndex);
        return (_cases[caseIndex], region, policy.Plan(unchecked((ulong)Options.Seed), epoch, sampleIndex, _cases.Length, region.Size));
    }

    /// <summary>The part of case <paramref name="caseIndex"/> that sample <paramref name="sampleIndex"/> shows: a patch, or the whole case.</summary>
    private Box3 Region(int caseIndex, int epoch, int sampleIndex) => Options.Patches is { } patches
        ? PatchSampler.Choose(patches, unchecked((ulong)Options.Seed), epoch, sampleIndex, _cases[caseIndex].Shape, _foreground![caseIndex])
        : Box3.Whole(_cases[caseIndex].Shape);

    private Tensor Upload(IVolume volume, Box3 region, ScalarType? dtype) => region == Box3.Whole(volume.Shape)
        ? VolumeTensors.ToBatchTensor(volume, _device, dtype)
        : VolumeTensors.ToBatchTensor(volume, region, _device, dtype);

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
        using var mean = Options.NormalisationMean.ToScalar();
        using var std = Options.NormalisationStd.ToScalar();
        var images = new List<Tensor>(samples.Length);
        var labels = new List<Tensor>(samples.Length);
        var levelSets = Options.LevelSets ? new List<Tensor>(samples.Length) : null;
        var ids = new string[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            token.ThrowIfCancellationRequested();
            var s = samples[i];
            var caseIndex = policy.CaseOf(s, _cases.Length);
            var c = _cases[caseIndex];
            var region = Region(caseIndex, epoch, s);
            var plan = policy.Plan(seed, epoch, s, _cases.Length, region.Size);
            var image = Upload(c.Image, region, ScalarType.Float32)
                .sub_(mean).div_(std);
            var label = Upload(c.Label, region, null).ne(HeldScalars.Zero).to(ScalarType.Float32);
            var augmented = plan.Apply(new AugmentationSample(image, label), policy.Interpolation);
            images.Add(augmented.Image);
            labels.Add(augmented.Label);
            ids[i] = c.CaseId;
            if (levelSets is not null)
            {
                var mask = VolumeTensors.FromTensor<byte>(augmented.Label);
                var shape = region.Size;
                var phi = Losses.LevelSets.Compute(mask.Data, shape, Options.LevelSetSpacing);
                levelSets.Add(tensor(phi, [1, 1, shape.Depth, shape.Height, shape.Width], ScalarType.Float32).to(_device));
            }
        }
        var imageBatch = cat(images, 0).DetachFromDisposeScope();
        var labelBatch = cat(labels, 0).DetachFromDisposeScope();
        var levelSetBatch = levelSets is null ? null : cat(levelSets, 0).DetachFromDisposeScope();
        return new TrainingBatch(imageBatch, labelBatch, levelSetBatch, ids);
    }
}
