using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Models;

[Collection(TorchGlobalRngCollection.Name)]
public class VNetArchitectureTests
{

    public static TheoryData<string, long, VNetOptions> OriginalConfigurations => new()
    {
        // Counts measured on the original PyTorch module (docs/original-pipeline.md and the issue).
        { "num_layers 1", 10_759_306, new VNetOptions() },
        { "num_layers 2", 16_200_266, new VNetOptions { NumLayers = 2 } },
        { "attention, dilation 3", 10_850_389, new VNetOptions { Attention = true, AttentionDilation = 3 } },
        { "attention, dilation 4", 10_850_389, new VNetOptions { Attention = true, AttentionDilation = 4 } },
        { "ELU", 10_757_833, new VNetOptions { Activation = VNetActivation.ELU } },
    };

    [Theory]
    [MemberData(nameof(OriginalConfigurations))]
    public void Trainable_parameter_counts_equal_the_original_modules(string name, long expected, VNetOptions options)
    {
        using var model = new VNet(options);
        Assert.True(expected == model.TrainableParameterCount(), $"{name}: expected {expected}, found {model.TrainableParameterCount()}");
    }

    [Theory]
    [InlineData("vnet-n1", 1, false, VNetActivation.PReLU)]
    [InlineData("vnet-n2", 2, false, VNetActivation.PReLU)]
    [InlineData("vnet-attention", 1, true, VNetActivation.PReLU)]
    [InlineData("vnet-elu", 1, false, VNetActivation.ELU)]
    public void State_dict_keys_and_shapes_equal_the_original_name_for_name(string keyList, int layers, bool attention, VNetActivation activation)
    {
        using var model = new VNet(new VNetOptions { NumLayers = layers, Attention = attention, Activation = activation });
        var ours = model.state_dict().Select(kv => (kv.Key, string.Join("x", kv.Value.shape) is { Length: > 0 } s ? s : "scalar")).ToList();
        var theirs = PyTorchFixtures.KeyList(keyList);

        Assert.Equal(theirs.Select(k => k.Key).Order(StringComparer.Ordinal), ours.Select(k => k.Key).Order(StringComparer.Ordinal));
        Assert.Equal(theirs.OrderBy(k => k.Key, StringComparer.Ordinal), ours.OrderBy(k => k.Key, StringComparer.Ordinal));
        Assert.Equal(PyTorchFixtures.ParameterCount(keyList), model.TrainableParameterCount());
    }

    [Theory]
    [InlineData(16, 16, 16)]
    [InlineData(32, 48, 64)]
    [InlineData(48, 32, 16)]
    public void Output_has_the_input_shape_with_one_channel(int d, int h, int w)
    {
        using var scope = NewDisposeScope();
        using var model = new VNet(new VNetOptions { BaseWidth = 2, Attention = true, AttentionReduction = 2 });
        model.eval();
        var y = model.forward(zeros(new long[] { 2, 1, d, h, w }));
        Assert.Equal(new long[] { 2, 1, d, h, w }, y.shape);
    }

    [Theory]
    [InlineData(88, 640, 640, "D=88", "80x640x640", "96x640x640")]
    [InlineData(96, 150, 224, "H=150", "96x144x224", "96x160x224")]
    public void Input_sizes_not_divisible_by_16_are_refused_naming_the_nearest_valid_sizes(int d, int h, int w, string axis, string down, string up)
    {
        var e = Assert.Throws<ArgumentException>(() => VNetInputSize.Validate(new Shape3(d, h, w)));
        Assert.Contains(axis, e.Message);
        Assert.Contains(down, e.Message);
        Assert.Contains(up, e.Message);
    }

    [Fact]
    public void Forward_refuses_an_invalid_size_before_computing()
    {
        using var model = new VNet(new VNetOptions { BaseWidth = 1, AttentionReduction = 1 });
        using var x = zeros(new long[] { 1, 1, 16, 20, 16 });
        var e = Assert.Throws<ArgumentException>(() => model.forward(x));
        Assert.Contains("H=20", e.Message);
    }

    [Fact]
    public void Options_are_validated_with_the_name_of_the_bad_option()
    {
        Assert.Contains("NumLayers", Assert.Throws<ArgumentException>(() => new VNetOptions { NumLayers = 0 }.Validated()).Message);
        Assert.Contains("BaseWidth", Assert.Throws<ArgumentException>(() => new VNetOptions { BaseWidth = 2, Attention = true }.Validated()).Message);
    }
}
