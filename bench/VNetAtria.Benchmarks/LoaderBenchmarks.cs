using BenchmarkDotNet.Attributes;
using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Optimisation;
using VNetAtria.Runtime;
using VNetAtria.Training.Loading;
using static TorchSharp.torch;

namespace VNetAtria.Benchmarks;

/// <summary>
/// The loader's share of a training step at a profile that stresses it: batch 2 of 32x64x64 crops, on-the-fly
/// augmentation (every transform on, elastic included) and level sets, feeding a tiny VNet (base width 4) step
/// (forward, Dice loss, backward, Adam), and the original's full segmenter profile. One benchmark operation is one epoch (8 batches for the demo profile, 2 for the full one); after the run the mean
/// time the step waited for data per batch (<see cref="EpochLoadStatistics.MeanWait"/>) is printed beside the
/// preparation time, for 0 workers (preparation inline: the wait is the whole preparation) and 2 workers.
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*LoaderBenchmarks*' --job short --inProcess
/// </summary>
public class LoaderBenchmarks
{
    private Shape3 Crop => Profile == "full" ? new(96, 144, 224) : new(32, 64, 64);
    private readonly List<EpochLoadStatistics> _epochs = [];
    private BatchLoader _loader = null!;
    private VNet _model = null!;
    private AdamOptimiser _optimizer = null!;
    private int _epoch;

    /// <summary>Background workers (0 = prepare on the training thread).</summary>
    [Params(0, 2)]
    public int Workers { get; set; }

    /// <summary>
    /// "demo": batch 2 of 32x64x64 and a base-width-4 VNet (stresses the loader); "full": the original segmenter's
    /// batch 3 of 96x144x224 patches and the full-width VNet (run it with --job dry: one epoch takes minutes on a CPU).
    /// </summary>
    [Params("demo", "full")]
    public string Profile { get; set; } = "demo";

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureAvailable();
        var full = Profile == "full";
        _loader = new BatchLoader(Cases(full ? 6 : 16), new BatchLoaderOptions
        {
            BatchSize = full ? 3 : 2,
            Seed = 1,
            Workers = Workers,
            QueueCapacity = 3,
            NormalisationMean = 80,
            NormalisationStd = 40,
            LevelSets = true,
            Augmentation = new RandomAugmentation
            {
                Flip = new RandomFlip(1),
                Rotation = new RandomRotation(1, -3, 3, IntegerDegrees: false),
                Translation = new RandomTranslation(1, null, 0, 5, 5),
                Elastic = new RandomElasticDeformation(1, 16, 2),
                Noise = new RandomGaussianNoise(1),
            },
        });
        _model = VNet.Create(VNetOptions.Original with { BaseWidth = full ? 8 : 4 }, 1);
        _model.train();
        _optimizer = new AdamOptimiser(_model.named_parameters(), new AdamOptions { LearningRate = 1e-4 });
    }

    /// <summary>One epoch: 8 batches, each a training step.</summary>
    [Benchmark]
    public double Epoch_Of_Training_Steps()
    {
        var total = 0.0;
        foreach (var batch in _loader.Epoch(_epoch++))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                _optimizer.ZeroGrad();
                var loss = DiceLoss.Compute(_model.forward(batch.Images), batch.Labels);
                loss.backward();
                _optimizer.Step();
                total += loss.item<float>();
            }
        }
        _epochs.Add(_loader.LastEpochStatistics!);
        return total;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var batches = _epochs.Sum(e => e.Batches);
        if (batches > 0)
        {
            var wait = _epochs.Sum(e => e.WaitTime.TotalMilliseconds) / batches;
            var prepare = _epochs.Sum(e => e.PrepareTime.TotalMilliseconds) / batches;
            Console.WriteLine($"// Loader, {Profile} profile, {Workers} workers: mean wait {wait:F1} ms per batch, mean preparation {prepare:F1} ms per batch, over {batches} batches.");
        }
        _optimizer.Dispose();
        _model.Dispose();
    }

    private LoaderCase[] Cases(int count) => Enumerable.Range(0, count).Select(k =>
    {
        var c = Crop;
        var image = new Volume<byte>(c);
        var label = new Volume<byte>(c);
        for (var d = 0; d < c.Depth; d++)
            for (var h = 0; h < c.Height; h++)
                for (var w = 0; w < c.Width; w++)
                {
                    var (z, y, x) = ((d - c.Depth / 2.0) / (c.Depth / 3.2), (h - c.Height / 2.1 - k) / (c.Height / 3.2), (w - c.Width / 1.9) / (c.Width / 2.9));
                    var inside = z * z + y * y + x * x <= 1;
                    label[d, h, w] = (byte)(inside ? 255 : 0);
                    image[d, h, w] = (byte)((inside ? 140 : 40) + (d * 7 + h * 3 + w * 5 + k) % 30);
                }
        return new LoaderCase($"bench-{k}", image, label);
    }).ToArray();
}
