using System.Text.Json;
using VNetAtria.Models.Convolutions;
using VNetAtria.Tests.Models.Convolutions;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Cli;

[Collection(TorchGlobalRngCollection.Name)]
public class DoctorCommandTests : ConvolutionRoutingTest
{
    [Fact]
    public void Doctor_json_lists_every_convolution_of_a_width_2_VNet_with_its_errors_and_a_correct_path()
    {
        var result = CliRunner.Run("doctor", "--width", "2", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var rows = json.RootElement.GetProperty("convolutions").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        // Width 2: input 1->2, down 2->4 ... 16->32 (k2 s2), ConvLayers at 4 ... 32 channels, up-convolutions, output 4->1.
        foreach (var key in new[] { "conv 1->2 k5 s1 p2 d1", "conv 2->4 k2 s2 p0 d1", "conv 4->4 k5 s1 p2 d1", "convT 32->16 k2 s2 p0 d1", "convT 8->2 k2 s2 p0 d1", "conv 4->1 k1 s1 p0 d1" })
        {
            Assert.True(rows.ContainsKey(key), $"missing {key} in {string.Join(", ", rows.Keys)}");
            Assert.Equal(JsonValueKind.String, rows[key].GetProperty("path").ValueKind);
            Assert.True(rows[key].GetProperty("errors").GetProperty("onednn").GetProperty("Forward").GetDouble() < 1e-4);
        }
        Assert.False(json.RootElement.GetProperty("fromCache").GetBoolean());
    }

    [Fact]
    public void Doctor_table_shows_a_faulty_shape_its_error_and_the_path_that_replaces_it()
    {
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn);

        var result = CliRunner.Run("doctor", "--width", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.Out.Split('\n').Single(l => l.Contains("conv 4->4 k5 s1 p2 d1", StringComparison.Ordinal));
        Assert.Contains("0.30 WRONG", line);
        Assert.Contains("padded", line);
        Assert.Contains("wrong with oneDNN on this machine", result.Out);
    }

    [Fact]
    public void Doctor_exits_1_when_a_shape_has_no_correct_path()
    {
        ConvolutionProbe.KernelForTests = FaultyKernels.WrongInputGradient(ConvolutionPath.OneDnn, ConvolutionPath.ChannelPadded, ConvolutionPath.WithoutOneDnn);

        var result = CliRunner.Run("doctor", "--width", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("none correct", result.Out);
    }
}
