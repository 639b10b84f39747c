using VNetAtria.Imaging.Formats;
using VNetAtria.Models;
using VNetAtria.Models.Interop;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Models;

/// <summary>Our VNet against the original PyTorch module (fixtures from tools/pytorch-reference/make_fixtures.py).</summary>
[Collection(TorchGlobalRngCollection.Name)]
public class PyTorchParityTests
{
    private static readonly VNetOptions PlainW1 = new() { BaseWidth = 1 };
    private static readonly VNetOptions AttentionW1 = new() { BaseWidth = 1, Attention = true, AttentionReduction = 1, AttentionDilation = 3, Dilation = 2 };

    public static TheoryData<string, VNetOptions> Fixtures => new()
    {
        { "plain-w1", PlainW1 },
        { "attention-w1", AttentionW1 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Eval_output_with_PyTorch_weights_reproduces_PyTorch_within_1e_4(string name, VNetOptions options)
    {
        using var scope = NewDisposeScope();
        using var model = new VNet(options);
        PyTorchWeights.Load(model, PyTorchFixtures.PathOf($"{name}.state_dict.pt"));
        model.eval();
        var (input, expected) = PyTorchFixtures.InputOutput(name);

        using var noGrad = no_grad();
        var actual = model.forward(input);

        var maxError = (actual - expected).abs().max().item<float>();
        Assert.True(maxError < 1e-4, $"max |ours - PyTorch| = {maxError}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Seeded_initialisation_is_bit_identical_to_PyTorch_with_the_same_seed(string name, VNetOptions options)
    {
        var seed = name == "plain-w1" ? 1234 : 4321;
        using var model = VNet.Create(options, seed);
        var state = model.state_dict();
        var expected = File.ReadAllLines(PyTorchFixtures.PathOf($"{name}.init-sha256.txt")).Select(l => l.Split(' ')).ToList();

        Assert.NotEmpty(expected);
        var differing = expected.Where(line => line[1] != Sha256(state[line[0]])).Select(line => line[0]).ToList();
        Assert.True(differing.Count == 0, "differ from PyTorch's seeded initialisation: " + string.Join(", ", differing));
    }

    private static string Sha256(Tensor t)
    {
        var bytes = t.contiguous().data<float>().ToArray();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bytes.AsSpan())));
    }

    [Fact]
    public void Same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        using var a = VNet.Create(PlainW1, 7);
        using var b = VNet.Create(PlainW1, 7);
        using var c = VNet.Create(PlainW1, 8);
        var key = "down_transition64.ops.1.conv1.weight";
        static bool Same(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor y) => x.equal(y).all().item<bool>();
        Assert.True(Same(a.state_dict()[key], b.state_dict()[key]));
        Assert.False(Same(a.state_dict()[key], c.state_dict()[key]));
        // Conv biases are zero, PReLU slopes 0.25, as the original.
        Assert.Equal(0f, a.state_dict()["input_transition.conv1.bias"].abs().sum().item<float>());
        Assert.Equal(0.25f, a.state_dict()["up_transition16.relu2.weight"][0].item<float>());
    }

    [Fact]
    public void The_original_checkpoint_dict_with_numpy_scalars_loads_and_gives_the_same_output()
    {
        using var scope = NewDisposeScope();
        using var model = new VNet(PlainW1);
        PyTorchWeights.Load(model, PyTorchFixtures.PathOf("plain-w1.original-checkpoint.pt"));
        model.eval();
        var (input, expected) = PyTorchFixtures.InputOutput("plain-w1");
        using var noGrad = no_grad();
        Assert.True((model.forward(input) - expected).abs().max().item<float>() < 1e-4);

        var entries = PyTorchWeights.ReadPickle(PyTorchFixtures.PathOf("plain-w1.original-checkpoint.pt"));
        Assert.Equal(61.25, Convert.ToDouble(entries["mean"]));
        Assert.Equal(40.5, Convert.ToDouble(entries["std"]));
    }

    [Fact]
    public void Loaded_parameters_stay_trainable()
    {
        using var model = new VNet(PlainW1);
        PyTorchWeights.Load(model, PyTorchFixtures.PathOf("plain-w1.state_dict.pt"));
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Weights_for_another_architecture_are_refused_listing_every_offending_key()
    {
        using var model = new VNet(AttentionW1);
        var e = Assert.Throws<VolumeFormatException>(() => PyTorchWeights.Load(model, PyTorchFixtures.PathOf("plain-w1.state_dict.pt")));
        Assert.Contains("missing key 'input_transition.att_module.channel_att.channel_gate.1.weight'", e.Message);
        Assert.Contains("missing key 'down_transition128.att_module.spatial_att.spatial_gate.9.bias'", e.Message);

        using var wider = new VNet(new VNetOptions { BaseWidth = 2 });
        var e2 = Assert.Throws<VolumeFormatException>(() => PyTorchWeights.Load(wider, PyTorchFixtures.PathOf("plain-w1.state_dict.pt")));
        Assert.Contains("key 'input_transition.conv1.weight': shape (1, 1, 5, 5, 5) in the file, (2, 1, 5, 5, 5) in the model", e2.Message);
    }

    [Fact]
    public void Exported_weights_load_back_identically()
    {
        var dir = TestPaths.NewTempDir();
        using var a = VNet.Create(AttentionW1, 11);
        var file = Path.Combine(dir, "exported.pt");
        PyTorchWeights.Save(a, file);
        using var b = VNet.Create(AttentionW1, 12);
        PyTorchWeights.Load(b, file);
        foreach (var (key, tensor) in a.state_dict())
            Assert.True(tensor.equal(b.state_dict()[key]).all().item<bool>(), key);
    }
}

/// <summary>Our exported weights in real PyTorch (Debian's python3-torch), when it is installed.</summary>
[Collection(TorchGlobalRngCollection.Name)]
public class PyTorchExportTests
{
    [Fact]
    public void Exported_weights_load_strictly_into_the_original_PyTorch_module_and_give_our_output()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || RunProcess(python, "-c \"import torch\"").ExitCode != 0)
            Assert.Skip("PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch; .ci/run does).");
        var dir = TestPaths.NewTempDir("export");
        var options = new VNetOptions { BaseWidth = 2, Attention = true, AttentionReduction = 2, AttentionDilation = 3, Dilation = 2 };
        using var model = VNet.Create(options, 21);
        model.eval();
        var weights = Path.Combine(dir, "weights.pt");
        PyTorchWeights.Save(model, weights);
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var input = randn(new long[] { 1, 1, 16, 16, 32 });
        var io = Path.Combine(dir, "io.pt");
        TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(io, new Dictionary<string, Tensor> { ["input"] = input });
        var json = "{\\\"num_layers\\\":1,\\\"prelu\\\":true,\\\"dilation\\\":2,\\\"attention\\\":true,\\\"att_reduction\\\":2,\\\"att_dilation\\\":3,\\\"width\\\":2}";
        var script = Path.Combine(TestPaths.RepoRoot, "tools", "pytorch-reference", "check_export.py");

        var run = RunProcess(python, $"\"{script}\" \"{weights}\" \"{json}\" \"{io}\"");

        Assert.True(run.ExitCode == 0, run.Output);
        var theirs = (Tensor)PyTorchWeights.ReadPickle(io)["output"]!;
        using var noGrad = no_grad();
        var ours = model.forward(input);
        Assert.True((ours - theirs).abs().max().item<float>() < 1e-4);
    }

    private static (int ExitCode, string Output) RunProcess(string file, string arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
