using BenchmarkDotNet.Attributes;
using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Pipeline.Prediction;
using static TorchSharp.torch;

namespace VNetAtria.Benchmarks;

/// <summary>
/// Prediction's own costs on LASC sizes: largest-component post-processing of an 88x640x640 label (an atrium-sized
/// ellipsoid plus speckle, the kind of mask a segmenter returns), and the overhead of sliding-window inference
/// (window slicing, Gaussian weighting, accumulation) with a model that does no work, against one pass of it.
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*PredictionBenchmarks*' --job short --inProcess
/// (--inProcess: the child project BenchmarkDotNet generates otherwise does not get the build's TorchSharp native patch
/// for Debian 12, and its torch benchmarks fail to load libLibTorchSharp).
/// </summary>
[MemoryDiagnoser]
public class PredictionBenchmarks
{
    private byte[] _mask = [];
    private Shape3 _maskShape;
    private Volume<float> _canvas = null!;
    private IdentityModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        Runtime.TorchRuntime.EnsureAvailable();
        _maskShape = new Shape3(88, 640, 640);
        _mask = new byte[_maskShape.VoxelCount];
        var rng = new SplitMix64(3);
        for (var d = 0; d < _maskShape.Depth; d++)
            for (var h = 0; h < _maskShape.Height; h++)
                for (var w = 0; w < _maskShape.Width; w++)
                {
                    var inside = Math.Pow((d - 44) / 20.0, 2) + Math.Pow((h - 300) / 60.0, 2) + Math.Pow((w - 330) / 70.0, 2) <= 1;
                    // About one voxel in 2000 is a stray false positive, as a noisy prediction has.
                    _mask[_maskShape.Offset(d, h, w)] = inside || rng.NextBelow(2000) == 0 ? (byte)1 : (byte)0;
                }
        var canvas = new Shape3(96, 640, 640);
        var data = new float[canvas.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = (i % 255) / 255f;
        _canvas = new Volume<float>(canvas, data);
        _model = new IdentityModel();
    }

    /// <summary>Run-based union-find labelling and largest-component extraction, 26-connectivity, 88x640x640.</summary>
    [Benchmark]
    public int LargestComponent26() => ConnectedComponents.KeepLargest(_mask, _maskShape, Connectivity.Full).Components;

    /// <summary>The same with 6-connectivity.</summary>
    [Benchmark]
    public int LargestComponent6() => ConnectedComponents.KeepLargest(_mask, _maskShape, Connectivity.Faces).Components;

    /// <summary>Full per-voxel labelling (int labels), 26-connectivity.</summary>
    [Benchmark]
    public int Label26() => ConnectedComponents.Label(_mask, _maskShape, Connectivity.Full).Count;

    /// <summary>One pass of a no-op model over the 96x640x640 canvas (upload, sigmoid, download): the baseline.</summary>
    [Benchmark]
    public int SinglePassIdentity() => ModelInference.Probabilities(_model, _canvas, CPU).Length;

    /// <summary>Sliding windows of 96x160x160 with overlap 0.5 (63 windows), Gaussian weights, batch 2, no-op model.</summary>
    [Benchmark]
    public int SlidingWindowIdentity() => SlidingWindowInference.Probabilities(_model, _canvas,
        new SlidingWindowOptions { PatchSize = new Shape3(96, 160, 160), Overlap = 0.5, BatchSize = 2 }, CPU).Length;

    private sealed class IdentityModel() : nn.Module<Tensor, Tensor>("identity")
    {
        public override Tensor forward(Tensor x) => x.alias();
    }
}
