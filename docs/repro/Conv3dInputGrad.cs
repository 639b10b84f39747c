// Minimal repro (TorchSharp 0.107.0 + libtorch 2.10.0 CPU): Conv3d input gradients from oneDNN against a float64
// reference, by channel count. A .NET 10 file-based app; run it outside this repository (so the repository's build
// files do not apply):  cp Conv3dInputGrad.cs /tmp/ && dotnet run /tmp/Conv3dInputGrad.cs [threads]
// Needs a libstdc++ with GLIBCXX_3.4.32 (Ubuntu 24.04, Debian 13). On Debian 12, build it (`dotnet build`), then copy a
// VNetAtria build's libLibTorchSharp.so (GLIBCXX_3.4.32 marked weak, docs/torchsharp-native.md) over the one in its
// runtimes/linux-x64/native/ folder and run the built dll; or use `vnet-atria doctor`.
// Correct kernels give relative errors near 1e-6; on affected AVX-512 CPUs the 4- and 8-channel input gradients are
// off by 0.2-0.7 or NaN, differently on every call. The last column repeats the check with oneDNN switched off.
#:package TorchSharp-cpu@0.107.0
#:property AllowUnsafeBlocks=true
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

torch.set_num_threads(args.Length > 0 ? int.Parse(args[0]) : 2);
Console.WriteLine($"libtorch {torch.__version__}, threads {torch.get_num_threads()}");
var allRight = true;
foreach (var channels in new[] { 4, 8, 12, 16, 24, 32 })
    foreach (var batch in new[] { 1, 2 })
    {
        var withOneDnn = Check(channels, batch);
        OneDnn.Set(false);
        var without = Check(channels, batch);
        OneDnn.Set(true);
        var wrong = withOneDnn.Max() > 1e-4;
        allRight &= !wrong;
        Console.WriteLine($"conv {channels,2}->{channels,2} k5 batch {batch}: fwd {withOneDnn[0]:0.0e+00} dx {withOneDnn[1]:0.0e+00} dw {withOneDnn[2]:0.0e+00} {(wrong ? "WRONG" : "ok")}" +
                          $"   | oneDNN off: dx {without[1]:0.0e+00}");
    }
return allRight ? 0 : 1;

// Worst relative errors (output, input gradient, weight gradient) of float32 against float64 over 3 draws.
static double[] Check(int channels, int batch)
{
    var worst = new double[3];
    for (var seed = 0; seed < 3; seed++)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)seed);
        using var scale = (1.0 / Math.Sqrt(channels * 125.0)).ToScalar();
        var x = randn([batch, channels, 16, 32, 32], ScalarType.Float64, generator: g).to(ScalarType.Float32).to(ScalarType.Float64);
        var w = randn([channels, channels, 5, 5, 5], ScalarType.Float64, generator: g).mul_(scale).to(ScalarType.Float32).to(ScalarType.Float64);
        var gy = randn([batch, channels, 16, 32, 32], ScalarType.Float64, generator: g).to(ScalarType.Float32).to(ScalarType.Float64);
        var reference = Run(x, w, gy, ScalarType.Float64);
        var measured = Run(x, w, gy, ScalarType.Float32);
        for (var i = 0; i < 3; i++)
            worst[i] = Math.Max(worst[i], Error(measured[i], reference[i]));
    }
    return worst;
}

static Tensor[] Run(Tensor x, Tensor w, Tensor gy, ScalarType type)
{
    var xs = x.to(type, copy: true).requires_grad_(true);
    var ws = w.to(type, copy: true).requires_grad_(true);
    var y = nn.functional.conv3d(xs, ws, null, [1, 1, 1], [2, 2, 2], [1, 1, 1]);
    y.backward([gy.to(type)]);
    return [y.detach(), xs.grad!, ws.grad!];
}

static double Error(Tensor a, Tensor reference)
{
    if (!a.isfinite().all().item<bool>()) return double.PositiveInfinity;
    using var minusOne = (-1).ToScalar();
    return a.to(ScalarType.Float64).add(reference, minusOne).abs().max().item<double>() / reference.abs().max().item<double>();
}

// libtorch's at::Context::setUserEnabledMkldnn, which TorchSharp does not expose (Linux C++ symbols).
static unsafe class OneDnn
{
    public static void Set(bool enabled)
    {
        var lib = NativeLibrary.Load("libtorch_cpu.so", typeof(torch).Assembly, null);
        var context = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(lib, "_ZN2at13globalContextEv");
        var set = (delegate* unmanaged<IntPtr, byte, void>)NativeLibrary.GetExport(lib, "_ZN2at7Context20setUserEnabledMkldnnEb");
        set(context(), enabled ? (byte)1 : (byte)0);
    }
}
