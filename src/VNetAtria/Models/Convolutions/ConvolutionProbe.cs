using TorchSharp;
using static TorchSharp.torch;
using VNetAtria.Runtime;

namespace VNetAtria.Models.Convolutions;

/// <summary>
/// One check of a convolution path: the output, input gradient and weight gradient of a float32 convolution
/// against the same computation in float64 with oneDNN off (libtorch's reference kernels), from identical inputs.
/// </summary>
internal static class ConvolutionProbe
{
    // Held, never finalized: TorchSharp's implicit scalars can be freed by the GC while libtorch reads them.
    private static readonly Scalar NaN = double.NaN.ToScalar();

    /// <summary>
    /// The errors of <paramref name="path"/> for <paramref name="shape"/> on a batch of <paramref name="batch"/>
    /// inputs of spatial size <paramref name="size"/> (for a transposed convolution: the input's size), drawn from
    /// <paramref name="seed"/>. Runs with gradients enabled whatever the caller's mode, and frees everything it makes.
    /// </summary>
    public static ConvolutionErrors Measure(ConvolutionShape shape, ConvolutionPath path, int batch, (int D, int H, int W) size, long seed)
    {
        using var inference = inference_mode(false);
        using var grad = enable_grad(true);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed, CPU);
        var x = randn([batch, shape.InChannels, size.D, size.H, size.W], ScalarType.Float64, generator: generator);
        using var weightScale = (1.0 / Math.Sqrt((double)shape.InChannels * shape.Kernel * shape.Kernel * shape.Kernel)).ToScalar();
        var weight = randn(shape.WeightShape, ScalarType.Float64, generator: generator).mul_(weightScale);
        var bias = randn([shape.OutChannels], ScalarType.Float64, generator: generator);
        var outSize = new long[] { batch, shape.OutChannels, shape.OutputSize(size.D), shape.OutputSize(size.H), shape.OutputSize(size.W) };
        var outputGradient = randn(outSize, ScalarType.Float64, generator: generator);
        // The inputs rounded to float32 once, so the float32 path and the float64 reference see the same numbers.
        x = x.to(ScalarType.Float32).to(ScalarType.Float64);
        weight = weight.to(ScalarType.Float32).to(ScalarType.Float64);
        bias = bias.to(ScalarType.Float32).to(ScalarType.Float64);
        outputGradient = outputGradient.to(ScalarType.Float32).to(ScalarType.Float64);

        var reference = WithOneDnn(false, () => Run(shape, ConvolutionPath.OneDnn, ScalarType.Float64, x, weight, bias, outputGradient));
        Poison(outSize, [batch, shape.InChannels, size.D, size.H, size.W], shape.WeightShape);
        var measured = path == ConvolutionPath.WithoutOneDnn
            ? WithOneDnn(false, () => Run(shape, path, ScalarType.Float32, x, weight, bias, outputGradient))
            : Run(shape, path, ScalarType.Float32, x, weight, bias, outputGradient);
        return new ConvolutionErrors(
            RelativeError(measured.Output, reference.Output),
            RelativeError(measured.InputGradient, reference.InputGradient),
            Math.Max(RelativeError(measured.WeightGradient, reference.WeightGradient), RelativeError(measured.BiasGradient, reference.BiasGradient)));
    }

    /// <summary>Replaces the float32 computation in tests (to inject a faulty kernel); null in normal use.</summary>
    internal static Func<ConvolutionShape, ConvolutionPath, Tensor, Tensor, Tensor?, Tensor>? KernelForTests { get; set; }

    private sealed record Results(Tensor Output, Tensor InputGradient, Tensor WeightGradient, Tensor BiasGradient);

    private static Results Run(ConvolutionShape shape, ConvolutionPath path, ScalarType type, Tensor x, Tensor weight, Tensor bias, Tensor outputGradient)
    {
        var xt = x.to(type, copy: true).requires_grad_(true);
        var wt = weight.to(type, copy: true).requires_grad_(true);
        var bt = bias.to(type, copy: true).requires_grad_(true);
        var y = type == ScalarType.Float32 && KernelForTests is { } kernel
            ? kernel(shape, path, xt, wt, bt)
            : ConvolutionKernels.Apply(shape, path, xt, wt, bt);
        y.backward([outputGradient.to(type)]);
        return new Results(y.detach().to(ScalarType.Float64), xt.grad!.to(ScalarType.Float64), wt.grad!.to(ScalarType.Float64), bt.grad!.to(ScalarType.Float64));
    }

    // Stale memory filled with NaN, freed just before the float32 run: a kernel that reads memory it should have
    // zeroed (the fault seen with libtorch 2.10's oneDNN) then shows NaN instead of plausible wrong numbers.
    private static void Poison(params long[][] shapes)
    {
        foreach (var shape in shapes)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                using var junk = empty(shape, ScalarType.Float32);
                junk.fill_(NaN);
            }
        }
    }

    private static Results WithOneDnn(bool enabled, Func<Results> run)
    {
        if (!OneDnnSwitch.IsAvailable) return run();
        var before = OneDnnSwitch.Enabled;
        OneDnnSwitch.Enabled = enabled;
        try
        {
            return run();
        }
        finally
        {
            OneDnnSwitch.Enabled = before;
        }
    }

    private static double RelativeError(Tensor measured, Tensor reference)
    {
        if (!measured.isfinite().all().item<bool>()) return double.PositiveInfinity;
        var scale = reference.abs().max().item<double>();
        var difference = measured.add(reference, MinusOne).abs().max().item<double>();
        return scale == 0 ? difference : difference / scale;
    }

    private static readonly Scalar MinusOne = (-1).ToScalar();
}
