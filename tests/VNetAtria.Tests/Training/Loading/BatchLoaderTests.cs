using System.Diagnostics;
using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Losses;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training.Loading;
using static VNetAtria.Tests.Training.Loading.LoaderFixtures;

namespace VNetAtria.Tests.Training.Loading;

[Collection(TorchGlobalRngCollection.Name)]
public class BatchLoaderTests
{
    private static readonly Shape3 Shape = new(4, 12, 12);

    /// <summary>On-the-fly augmentation with every transform likely, so batches differ visibly between seeds and epochs.</summary>
    private static BatchLoaderOptions Options(int workers = 2) => new()
    {
        BatchSize = 2,
        Seed = 17,
        Workers = workers,
        QueueCapacity = 2,
        NormalisationMean = 60,
        NormalisationStd = 40,
        LevelSets = true,
        Augmentation = new RandomAugmentation
        {
            Flip = new RandomFlip(0.5),
            Rotation = new RandomRotation(0.5, -10, 10, IntegerDegrees: false),
            Translation = new RandomTranslation(0.5, null, 0, 2, 2),
            Elastic = new RandomElasticDeformation(0.5, 6, 1.5),
            Noise = new RandomGaussianNoise(0.5, 0, 0.5),
        },
    };

    [Fact]
    public void Two_loaders_with_the_same_seed_give_identical_batches_and_other_epochs_differ()
    {
        var cases = Cases(5, Shape);
        var a = new BatchLoader(cases, Options());
        var b = new BatchLoader(cases, Options());
        Assert.Equal(3, a.BatchesPerEpoch); // 5 samples, batch 2, last batch kept
        var epoch3 = Collect(a, 3);
        SameBatches(epoch3, Collect(b, 3));
        Assert.Single(epoch3[^1].Ids);
        var epoch4 = Collect(a, 4);
        Assert.NotEqual(epoch3.SelectMany(x => x.Images), epoch4.SelectMany(x => x.Images));
        var otherSeed = Collect(new BatchLoader(cases, Options() with { Seed = 18 }), 3);
        Assert.NotEqual(epoch3.SelectMany(x => x.Images), otherSeed.SelectMany(x => x.Images));
    }

    [Fact]
    public void Resuming_at_a_batch_gives_the_tail_of_the_uninterrupted_epoch()
    {
        var loader = new BatchLoader(Cases(7, Shape), Options());
        var full = Collect(loader, 3);
        SameBatches(full.Skip(2).ToList(), Collect(loader, 3, firstBatch: 2));
        Assert.Empty(Collect(loader, 3, firstBatch: loader.BatchesPerEpoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => loader.Epoch(3, loader.BatchesPerEpoch + 1));
    }

    [Fact]
    public void Batches_do_not_depend_on_the_number_of_workers()
    {
        var cases = Cases(6, Shape);
        var serial = Collect(new BatchLoader(cases, Options(workers: 0)), 2);
        SameBatches(serial, Collect(new BatchLoader(cases, Options(workers: 1)), 2));
        SameBatches(serial, Collect(new BatchLoader(cases, Options(workers: 3) with { QueueCapacity = 4 }), 2));
    }

    [Fact]
    public void Level_sets_are_those_of_the_augmented_labels()
    {
        var loader = new BatchLoader(Cases(4, Shape), Options());
        foreach (var (_, labels, levelSets, ids) in Collect(loader, 1))
        {
            var voxels = (int)Shape.VoxelCount;
            for (var i = 0; i < ids.Length; i++)
            {
                var label = labels.AsSpan(i * voxels, voxels).ToArray().Select(v => (byte)v).ToArray();
                Assert.All(label, v => Assert.True(v is 0 or 1));
                Assert.Equal(LevelSets.Compute(label, Shape), levelSets!.AsSpan(i * voxels, voxels).ToArray());
            }
        }
    }

    [Fact]
    public void Without_augmentation_images_are_normalised_and_labels_binarised_in_sample_order()
    {
        var cases = Cases(3, Shape);
        var loader = new BatchLoader(cases, Options() with { Augmentation = NoAugmentation.Instance, Shuffle = false, LevelSets = false, BatchSize = 3 });
        var batch = Assert.Single(Collect(loader, 0));
        Assert.Equal(["case-0", "case-1", "case-2"], batch.Ids);
        Assert.Null(batch.LevelSets);
        var expectedImages = cases.SelectMany(c => ((Volume<byte>)c.Image).Data.Select(v => (float)((v - 60.0) / 40.0)));
        Assert.Equal(expectedImages.ToArray(), batch.Images, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal(cases.SelectMany(c => c.Label.Data.Select(v => v == 0 ? 0f : 1f)), batch.Labels);
    }

    [Fact]
    public void The_queue_never_holds_more_batches_than_its_capacity_and_the_wait_is_measured()
    {
        var loader = new BatchLoader(Cases(12, Shape), Options(workers: 3) with { QueueCapacity = 2, BatchSize = 1 });
        var count = 0;
        foreach (var batch in loader.Epoch(0))
        {
            using (batch) Thread.Sleep(15); // a slow consumer: the workers fill the queue and must stop there
            count++;
        }
        var stats = loader.LastEpochStatistics!;
        Assert.Equal(12, count);
        Assert.Equal(12, stats.Batches);
        Assert.InRange(stats.PeakInFlight, 1, 2);
        Assert.True(stats.PrepareTime > TimeSpan.Zero);
        Assert.True(stats.WaitTime >= TimeSpan.Zero);
    }

    [Fact]
    public void Stopping_early_disposes_what_was_prepared_and_memory_stays_flat_over_many_batches()
    {
        var loader = new BatchLoader(Cases(8, new Shape3(8, 32, 32)), Options() with { BatchSize = 2, QueueCapacity = 3 });
        // Warm up (first-use allocations of libtorch and the JIT), then measure resident memory around many batches.
        for (var e = 0; e < 2; e++) Consume(loader, e);
        var before = Resident();
        for (var e = 0; e < 10; e++)
        {
            Consume(loader, e);
            using var first = loader.Epoch(e).First(); // stops after one batch: the rest must be disposed, the workers stopped
        }
        var growth = Resident() - before;
        // A gross leak: 50 batches of 2 x 8x32x32 samples would leave several MiB of intermediates each (grids, fields,
        // copies). Resident memory moves by tens of MiB with allocator arenas alone, so this bound is generous; the
        // exact check is the live-tensor count below.
        Assert.True(growth < 96L << 20, $"Resident memory grew by {growth >> 20} MiB over 50 batches.");
    }

    [Fact]
    public void A_failing_sample_surfaces_as_an_exception_naming_the_batch()
    {
        var loader = new BatchLoader(Cases(4, Shape), Options() with { Augmentation = new FailingPolicy(), Shuffle = false });
        var e = Assert.Throws<InvalidOperationException>(() => Collect(loader, 0));
        Assert.Contains("batch 1", e.Message);
    }

    [Fact]
    public void Bad_options_and_mismatched_cases_are_refused_with_the_fix()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(Cases(2, Shape), Options() with { NormalisationStd = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(Cases(2, Shape), Options() with { QueueCapacity = 0 }));
        var mixed = Cases(1, Shape).Concat(Cases(1, new Shape3(4, 12, 16))).ToArray();
        var e = Assert.Throws<ArgumentException>(() => new BatchLoader(mixed, Options()));
        Assert.Contains("one crop size", e.Message);
    }

    [Fact]
    public void The_validation_source_gives_every_case_once_in_order_unaugmented_every_epoch()
    {
        var cases = Cases(5, Shape);
        var source = new ValidationBatchSource(cases, Options());
        var epoch0 = Collect(source, 0);
        Assert.Equal(cases.Select(c => c.CaseId), epoch0.SelectMany(b => b.Ids));
        SameBatches(epoch0, Collect(source, 7));
        var plain = Collect(new BatchLoader(cases, Options() with { Augmentation = NoAugmentation.Instance, Shuffle = false }), 0);
        SameBatches(plain, epoch0);
    }

    [Fact]
    public void Building_batches_leaves_no_live_tensor_but_the_batches_themselves()
    {
        // With no workers everything happens on this thread, whose TorchSharp statistics count every tensor created
        // and disposed: after disposing the batches the live count must be back where it was.
        var loader = new BatchLoader(Cases(5, Shape), Options(workers: 0));
        Consume(loader, 0);
        var statistics = TorchSharp.DisposeScopeManager.Statistics;
        var before = statistics.ThreadTotalLiveCount;
        var held = loader.Epoch(1).ToList();
        Assert.Equal(before + 3 * held.Count, statistics.ThreadTotalLiveCount); // images, labels, level sets
        held.ForEach(b => b.Dispose());
        for (var e = 2; e < 5; e++) Consume(loader, e);
        Assert.Equal(before, statistics.ThreadTotalLiveCount);
    }

    private static void Consume(BatchLoader loader, int epoch)
    {
        foreach (var batch in loader.Epoch(epoch)) batch.Dispose();
    }

    /// <summary>
    /// Resident memory without forcing a garbage collection: a collection would run TorchSharp's finalizers and hide
    /// tensors that were never disposed, which is the leak this test is about.
    /// </summary>
    private static long Resident()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }

    /// <summary>One sample per case; sample 2 (in batch 1 with batch size 2, unshuffled) throws.</summary>
    private sealed class FailingPolicy : IAugmentationPolicy
    {
        public int SamplesPerEpoch(int caseCount) => caseCount;
        public int CaseOf(int sampleIndex, int caseCount) => sampleIndex;
        public ImageInterpolation Interpolation => ImageInterpolation.Nearest;
        public AugmentationPlan Plan(ulong seed, int epoch, int sampleIndex, int caseCount, Shape3 shape) =>
            sampleIndex == 2 ? throw new InvalidDataException("broken sample") : AugmentationPlan.None;
    }
}
