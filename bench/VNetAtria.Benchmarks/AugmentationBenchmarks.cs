using BenchmarkDotNet.Attributes;
using TorchSharp;
using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Benchmarks;

/// <summary>
/// Augmentation of one segmenter patch (96x144x224, the original's README patch) per transform and for the whole
/// on-the-fly composition, on this CPU. The original's figures (scipy/skimage, one thread): rotation 0.18 s (image)
/// + 0.09 s (label), translation 0.035 s each, noise 0.08 s, flip 0.004 s, elastic about 10 s per call; a torch
/// grid_sample elastic took 0.44 s. Goal: a whole sample, elastic included, well under 0.5 s.
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*AugmentationBenchmarks*' --job short --inProcess
/// (--inProcess: BenchmarkDotNet's generated out-of-process build misses the Debian 12 libstdc++ patch of TorchSharp's native library).
/// </summary>
[MemoryDiagnoser]
public class AugmentationBenchmarks
{
    private static readonly Shape3 Patch = new(96, 144, 224);
    private AugmentationSample _sample;
    private AugmentationPlan _everything = AugmentationPlan.None;
    private ElasticParameters _elastic = null!;
    private readonly RotationParameters _rotation = new(2.5);

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.EnsureAvailable();
        using var generator = new Generator(1);
        var image = randn([1, 1, Patch.Depth, Patch.Height, Patch.Width], generator: generator);
        using var threshold = 1.0.ToScalar();
        var label = (image > threshold).to(ScalarType.Float32);
        _sample = new AugmentationSample(image, label);
        _elastic = new RandomElasticDeformation(1, 32, 2).Sample(new AugmentationRandom(2), Patch)!;
        // Every transform at once: what the on-the-fly policy does when all its draws say yes.
        _everything = new AugmentationPlan(new FlipParameters(), new RotationParameters(-2.2), new TranslationParameters(0, 3.5, -4.2), _elastic, new NoiseParameters(0.5, 3));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sample.Image.Dispose();
        _sample.Label.Dispose();
    }

    /// <summary>Mirror along H (original: 0.004 s).</summary>
    [Benchmark]
    public void Flip_H() => Run(s => Flip.Apply(s, new FlipParameters()));

    /// <summary>Additive Gaussian noise (original: 0.08 s).</summary>
    [Benchmark]
    public void Noise() => Run(s => GaussianNoise.Apply(s, new NoiseParameters(0.5, 1)));

    /// <summary>Whole-voxel translation by slice copy, image and label (original: 2 x 0.035 s).</summary>
    [Benchmark]
    public void Translation_Integer_Shift() => Run(s => Translation.Apply(s, new TranslationParameters(0, 5, -5)));

    /// <summary>The same translation resampled in 3-D: what the slice copy saves.</summary>
    [Benchmark]
    public void Translation_Integer_Volume3D() => Run(s => new SpatialTransform(Translation: new(0, 5, -5)).Apply(s, ImageInterpolation.Nearest, ResamplePath.Volume3D));

    /// <summary>In-plane rotation, nearest for image and label as the original (0.18 s + 0.09 s), on the chosen CPU path (per-slice 2-D).</summary>
    [Benchmark(Baseline = true)]
    public void Rotation_Nearest_Auto() => Run(s => Rotation.Apply(s, _rotation));

    /// <summary>The same rotation through one 3-D grid_sample.</summary>
    [Benchmark]
    public void Rotation_Nearest_Volume3D() => Run(s => new SpatialTransform(_rotation).Apply(s, ImageInterpolation.Nearest, ResamplePath.Volume3D));

    /// <summary>The same rotation through depth-chunked 3-D grid_sample.</summary>
    [Benchmark]
    public void Rotation_Nearest_Chunked3D() => Run(s => new SpatialTransform(_rotation).Apply(s, ImageInterpolation.Nearest, ResamplePath.ChunkedVolume3D));

    /// <summary>Rotation with a linear image (label nearest), chosen path.</summary>
    [Benchmark]
    public void Rotation_Linear_Auto() => Run(s => Rotation.Apply(s, _rotation, ImageInterpolation.Linear));

    /// <summary>Elastic deformation, linear image, chosen path (chunked 3-D) (original: about 10 s; torch 3-D grid_sample: 0.44 s).</summary>
    [Benchmark]
    public void Elastic_Linear_Auto() => Run(s => ElasticDeformation.Apply(s, _elastic));

    /// <summary>Elastic deformation through one unchunked 3-D grid_sample.</summary>
    [Benchmark]
    public void Elastic_Linear_Volume3D() => Run(s => new SpatialTransform(Elastic: _elastic).Apply(s, ImageInterpolation.Linear, ResamplePath.Volume3D));

    /// <summary>Flip, rotation, fractional translation and elastic in one resampling, then noise: a whole sample.</summary>
    [Benchmark]
    public void All_Transforms_Linear() => Run(s => _everything.Apply(s, ImageInterpolation.Linear));

    /// <summary>The on-the-fly policy's draw for one sample (sampling included; on average fewer transforms than above).</summary>
    [Benchmark]
    public void OnTheFly_Policy_Sample() => Run(s => new RandomAugmentation().Plan(7, 0, 3, 80, Patch).Apply(s, ImageInterpolation.Linear));

    private void Run(Func<AugmentationSample, AugmentationSample> transform)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        transform(_sample);
    }
}
