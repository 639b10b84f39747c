using BenchmarkDotNet.Attributes;
using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Benchmarks;

/// <summary>
/// The locator's preprocessing on LASC sizes: downscaling a 96x640x640 uint8 canvas to 48x160x160 (the original's
/// antialiased nearest and trilinear), the label's nearest downscale, upsampling a locator output back, and planning
/// crops from 80 locator outputs of 48x160x160. Reference: the original's skimage.transform.rescale(order=0,
/// anti_aliasing=True) took about 1.5 s per volume (measured by the author).
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*CropPlanning*' --job short
/// </summary>
[MemoryDiagnoser]
public class CropPlanningBenchmarks
{
    private Volume<byte> _image = null!;
    private Volume<byte> _label = null!;
    private Volume<float> _locatorOutput = null!;
    private LocatorOutput[] _outputs = [];

    [GlobalSetup]
    public void Setup()
    {
        var shape = CanonicalPadding.LascCanvas;
        var rng = new SplitMix64(42);
        var image = new byte[shape.VoxelCount];
        var label = new byte[shape.VoxelCount];
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                {
                    var i = shape.Offset(d, h, w);
                    var inside = Math.Pow((d - 48) / 20.0, 2) + Math.Pow((h - 300) / 60.0, 2) + Math.Pow((w - 330) / 70.0, 2) <= 1;
                    label[i] = inside ? (byte)1 : (byte)0;
                    image[i] = (byte)Math.Min(255, (inside ? 120 : 40) + (int)(rng.Next() % 60));
                }
        _image = new Volume<byte>(shape, image, VolumeGeometry.WithSpacingOnly(Spacing3.Lasc));
        _label = new Volume<byte>(shape, label, _image.Geometry);
        _locatorOutput = VolumeResampling.DownscaleImage(_label, ScaleFactors.Lasc, ImageDownscaleInterpolation.Linear);

        var locator = ScaleFactors.Lasc.OutputShape(shape);
        _outputs = new LocatorOutput[80];
        for (var c = 0; c < _outputs.Length; c++)
        {
            // Boxes of varying size and place, probabilities 0.9 inside and a little noise outside.
            var p = new float[locator.VoxelCount];
            var (d0, h0, w0) = (10 + c % 10, 50 + c % 17, 55 + c % 13);
            var (dd, hh, ww) = (15 + c % 7, 25 + c % 11, 30 + c % 9);
            for (var i = 0; i < p.Length; i++) p[i] = (rng.Next() % 1000) * 1e-6f;
            for (var d = d0; d < d0 + dd; d++)
                for (var h = h0; h < h0 + hh; h++)
                    for (var w = w0; w < w0 + ww; w++)
                        p[locator.Offset(d, h, w)] = 0.9f;
            _outputs[c] = new LocatorOutput($"case-{c:D2}", p, locator);
        }
    }

    /// <summary>The original's locator downscale: Gaussian anti-aliasing then nearest sampling, 96x640x640 -> 48x160x160.</summary>
    [Benchmark(Baseline = true)]
    public Volume<float> Downscale_AntialiasedNearest_96x640x640() => VolumeResampling.DownscaleImage(_image, ScaleFactors.Lasc);

    /// <summary>Trilinear downscale at the same centre-aligned coordinates.</summary>
    [Benchmark]
    public Volume<float> Downscale_Linear_96x640x640() => VolumeResampling.DownscaleImage(_image, ScaleFactors.Lasc, ImageDownscaleInterpolation.Linear);

    /// <summary>Nearest label downscale (centre-aligned).</summary>
    [Benchmark]
    public Volume<byte> DownscaleLabel_Nearest_96x640x640() => VolumeResampling.DownscaleLabel(_label, ScaleFactors.Lasc);

    /// <summary>A locator output back to the canvas, trilinear.</summary>
    [Benchmark]
    public Volume<float> Upsample_Linear_48x160x160_to_96x640x640() =>
        VolumeResampling.Upsample(_locatorOutput, CanonicalPadding.LascCanvas, _image.Geometry, UpsampleInterpolation.Linear);

    /// <summary>Crop planning from 80 training locator outputs of 48x160x160.</summary>
    [Benchmark]
    public CropPlan PlanTraining_80_cases() => CropPlanner.PlanTraining(_outputs);
}
