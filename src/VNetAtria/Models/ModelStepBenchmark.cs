using System.Diagnostics;
using TorchSharp;
using VNetAtria.Imaging;
using VNetAtria.Optimisation;
using static TorchSharp.torch;

namespace VNetAtria.Models;

/// <summary>What <see cref="ModelStepBenchmark"/> measures.</summary>
public sealed record ModelStepBenchmarkOptions
{
    /// <summary>The architecture.</summary>
    public VNetOptions Model { get; init; } = VNetOptions.Original;

    /// <summary>Input size (D, H, W), divisible by 16.</summary>
    public Shape3 Input { get; init; } = new(48, 160, 160);

    /// <summary>Samples per step.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Measured steps after warm-up.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Steps run first and reported separately (oneDNN picks kernels during the first steps on CPU).</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>True: forward + backward + Adam step (training); false: forward only in inference mode.</summary>
    public bool Train { get; init; } = true;

    /// <summary>The device to run on.</summary>
    public Device Device { get; init; } = CPU;

    /// <summary>Seed of the weights and inputs.</summary>
    public long Seed { get; init; }
}

/// <summary>Timings and memory of a <see cref="ModelStepBenchmark"/> run.</summary>
/// <param name="Options">What was measured.</param>
/// <param name="WarmupMs">Milliseconds of each warm-up step.</param>
/// <param name="StepMs">Milliseconds of each measured step.</param>
/// <param name="ResidentBytes">Process resident memory after each measured step.</param>
/// <param name="PeakResidentBytes">The process's peak resident memory.</param>
/// <param name="Threads">torch's intra-op threads.</param>
/// <param name="LiveTensors">Tensors alive on the benchmark's thread after each measured step (TorchSharp's count):
/// constant when every step releases what it makes, whatever the native allocator does with freed memory.</param>
public sealed record ModelStepBenchmarkResult(
    ModelStepBenchmarkOptions Options, IReadOnlyList<double> WarmupMs, IReadOnlyList<double> StepMs,
    IReadOnlyList<long> ResidentBytes, long PeakResidentBytes, int Threads, IReadOnlyList<long> LiveTensors)
{
    /// <summary>Notes about convolutions routed off libtorch's default path for this run (empty on a healthy machine).</summary>
    public IReadOnlyList<string> ConvolutionNotes { get; init; } = [];

    /// <summary>Median of the measured steps (ms).</summary>
    public double MedianMs => Median(StepMs);

    /// <summary>
    /// Least-squares slope of resident memory over the measured steps (bytes per step): near zero when every
    /// step releases its tensors (dispose scopes), about the activation size per step when they leak.
    /// </summary>
    public double ResidentGrowthBytesPerStep
    {
        get
        {
            var n = ResidentBytes.Count;
            if (n < 2) return 0;
            var meanX = (n - 1) / 2.0;
            var meanY = ResidentBytes.Average(b => (double)b);
            double num = 0, den = 0;
            for (var i = 0; i < n; i++)
            {
                num += (i - meanX) * (ResidentBytes[i] - meanY);
                den += (i - meanX) * (i - meanX);
            }
            return num / den;
        }
    }

    private static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>
/// Times VNet steps (forward, or forward + backward + Adam) and follows resident memory across steps.
/// Every step runs in its own dispose scope, as training does, so memory must stay flat.
/// </summary>
public static class ModelStepBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="progress"/> gets (step index including warm-up, ms).</summary>
    public static ModelStepBenchmarkResult Run(ModelStepBenchmarkOptions options, Action<int, double>? progress = null)
    {
        VNetInputSize.Validate(options.Input);
        using var model = VNet.Create(options.Model, options.Seed);
        model.to(options.Device);
        using var optimizer = new AdamOptimiser(model.named_parameters(), new AdamOptions { LearningRate = 1e-4 });
        using var generator = new Generator((ulong)options.Seed + 1, options.Device);
        using var input = randn([options.Batch, 1, options.Input.Depth, options.Input.Height, options.Input.Width], device: options.Device, generator: generator);
        using var threshold = 1.0.ToScalar();
        using var target = (input > threshold).to(ScalarType.Float32);
        if (options.Train) model.train(); else model.eval();
        var notes = Convolutions.ConvolutionRouting.Prepare(model, options.Train ? Convolutions.ConvolutionUse.Training : Convolutions.ConvolutionUse.Forward);

        var warmup = new List<double>();
        var steps = new List<double>();
        var resident = new List<long>();
        var live = new List<long>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < options.Warmup + options.Iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                if (options.Train)
                {
                    optimizer.ZeroGrad();
                    var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(input), target);
                    loss.backward();
                    optimizer.Step();
                }
                else
                {
                    using var inference = inference_mode();
                    model.forward(input);
                }
                if (options.Device.type == DeviceType.CUDA) cuda.synchronize(options.Device);
            }
            var ms = watch.Elapsed.TotalMilliseconds;
            progress?.Invoke(i, ms);
            if (i < options.Warmup) { warmup.Add(ms); continue; }
            steps.Add(ms);
            process.Refresh();
            resident.Add(process.WorkingSet64);
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        process.Refresh();
        // Linux updates the high-water mark (VmHWM) lazily, so a sample of the current size can exceed it.
        var peak = Math.Max(process.PeakWorkingSet64, resident.Count > 0 ? resident.Max() : 0);
        return new ModelStepBenchmarkResult(options, warmup, steps, resident, peak, torch.get_num_threads(), live) { ConvolutionNotes = notes };
    }
}
