using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using VNetAtria.Models;
using VNetAtria.Models.Interop;
using VNetAtria.Optimisation;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Tests.Training;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Optimisation;

/// <summary>
/// Our Adam against Debian's PyTorch 1.13 (torch.optim.Adam, single-tensor path): 200 steps of a width-2 VNet on 16^3
/// volumes, batch 2, from the same weights and the same batches, with weight decay and a learning-rate change halfway.
/// Both sides run in float64, where libtorch has no oneDNN kernels, so what is compared is the optimiser (and the
/// float64 reference kernels of two libtorch versions), not two oneDNN builds. Skips when PyTorch is missing.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class AdamPyTorchParityTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const int Steps = 200;
    private const double LearningRate = 1e-3, WeightDecay = 1e-4, LaterLearningRate = 5e-4;
    private const int LearningRateChangeStep = 100;
    private readonly string _dir = TestPaths.NewTempDir("adam-parity");
    private readonly int _threads = get_num_threads();

    public AdamPyTorchParityTests() => set_num_threads(1);

    public void Dispose()
    {
        set_num_threads(_threads);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Two_hundred_steps_on_a_small_VNet_match_PyTorch_1_13_within_1e_6_relative_per_parameter()
    {
        if (!File.Exists(Python) || Run(Python, "-c \"import torch\"").ExitCode != 0)
            Assert.Skip("PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch; .ci/run does).");

        using var model = VNet.Create(new VNetOptions { BaseWidth = 2 }, 17);
        var weights = Path.Combine(_dir, "weights.pt");
        PyTorchWeights.Save(model, weights);
        model.to(ScalarType.Float64);
        model.train();

        // Four batches of two balls in noise (SyntheticBatchSource), as float64, used in turn; saved for PyTorch.
        var source = new SyntheticBatchSource(23, batchesPerEpoch: 4, batchSize: 2);
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        foreach (var batch in source.Epoch(0))
            using (batch)
            {
                images.Add(batch.Images.to(ScalarType.Float64));
                labels.Add(batch.Labels.to(ScalarType.Float64));
            }
        using var imageStack = stack(images);
        using var labelStack = stack(labels);
        foreach (var t in images.Concat(labels)) t.Dispose();
        var batches = Path.Combine(_dir, "batches.pt");
        TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(batches, new Dictionary<string, Tensor> { ["images"] = imageStack, ["labels"] = labelStack });

        var settings = System.Text.Json.JsonSerializer.Serialize(new
        {
            model = new { width = 2 },
            steps = Steps,
            lr = LearningRate,
            weight_decay = WeightDecay,
            lr_at = new Dictionary<string, double> { [LearningRateChangeStep.ToString(CultureInfo.InvariantCulture)] = LaterLearningRate },
        });
        var output = Path.Combine(_dir, "pytorch.pt");
        var script = Path.Combine(TestPaths.RepoRoot, "tools", "pytorch-reference", "adam_parity.py");
        var python = Run(Python, $"\"{script}\" \"{weights}\" \"{batches}\" \"{settings.Replace("\"", "\\\"", StringComparison.Ordinal)}\" \"{output}\"");
        Assert.True(python.ExitCode == 0, python.Output);

        var losses = new double[Steps];
        using (var adam = new AdamOptimiser(model.named_parameters(), new AdamOptions { LearningRate = LearningRate, WeightDecay = WeightDecay }))
        {
            for (var step = 0; step < Steps; step++)
            {
                using var scope = NewDisposeScope();
                adam.ZeroGrad();
                var k = step % 4;
                var loss = nn.functional.binary_cross_entropy_with_logits(model.forward(imageStack[k]), labelStack[k]);
                loss.backward();
                if (step == LearningRateChangeStep) adam.LearningRate = LaterLearningRate;
                adam.Step();
                losses[step] = loss.item<double>();
            }
        }

        var theirs = PyTorchWeights.ReadPickle(output);
        var theirLosses = ((Tensor)theirs["losses"]!).data<double>().ToArray();
        var worstLoss = losses.Zip(theirLosses, (a, b) => Math.Abs(a - b) / Math.Abs(b)).Max();
        var errors = new List<(string Name, double Relative)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            var expected = ((Tensor)theirs[name]!).contiguous().data<double>().ToArray();
            var actual = parameter.detach().contiguous().data<double>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            var scale = expected.Max(Math.Abs);
            var difference = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
            errors.Add((name, scale == 0 ? difference : difference / scale));
        }
        var worst = errors.MaxBy(e => e.Relative);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Adam vs PyTorch 1.13, {Steps} steps, float64: worst parameter {worst.Name} {worst.Relative:E2} relative; worst loss {worstLoss:E2} relative ({python.Output.Trim()})"));
        Assert.True(errors.Count > 0 && errors.Count == theirs.Count - 1, $"{errors.Count} parameters here, {theirs.Count - 1} in PyTorch's output");
        Assert.True(worst.Relative <= 1e-6, $"parameter '{worst.Name}' differs from PyTorch by {worst.Relative:E3} of its largest magnitude; all: " +
                                            string.Join(", ", errors.Where(e => e.Relative > 1e-6).Select(e => $"{e.Name} {e.Relative:E2}")));
        Assert.True(worstLoss <= 1e-6, $"a step's loss differs from PyTorch's by {worstLoss:E3} relative");
        // The training really moved the weights (a vacuous comparison would pass too).
        Assert.True(theirLosses[^1] < 0.8 * theirLosses[0], $"PyTorch's loss went from {theirLosses[0]} to {theirLosses[^1]}");
    }

    private static (int ExitCode, string Output) Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
