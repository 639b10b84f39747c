using System.Text.Json;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Cli;

[Collection(TorchGlobalRngCollection.Name)]
public class ModelCommandTests
{
    [Theory]
    [InlineData(new string[0], 10_759_306)]
    [InlineData(new[] { "--layers", "2" }, 16_200_266)]
    [InlineData(new[] { "--attention", "--attention-dilation", "3" }, 10_850_389)]
    [InlineData(new[] { "--elu" }, 10_757_833)]
    public void Model_summary_reports_the_original_parameter_counts(string[] options, long expected)
    {
        var result = CliRunner.Run(["model", "summary", "--json", .. options]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(expected, json.RootElement.GetProperty("totalParameters").GetInt64());
        Assert.Equal(10, json.RootElement.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public void Model_summary_refuses_an_input_not_divisible_by_16_naming_valid_sizes()
    {
        var result = CliRunner.Run("model", "summary", "--input", "88,640,640");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("96x640x640", result.Err);
    }

    [Fact]
    public void Bench_model_runs_a_tiny_configuration_and_reports_steps_and_memory()
    {
        var result = CliRunner.Run("bench", "model", "--input", "16,16,16", "--width", "1", "--iterations", "2", "--warmup", "1", "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("median ms / step", result.Out);
        Assert.Contains("resident growth / step", result.Out);
    }

    [Fact]
    public void Asking_for_cuda_on_the_cpu_build_is_a_clear_error()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Skip("CUDA is available here.");
        var result = CliRunner.Run("bench", "model", "--input", "16,16,16", "--width", "1", "--device", "cuda");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TorchBackend=cuda", result.Err);
    }

    [Fact]
    public void The_demo_takes_a_device_and_asking_for_cuda_on_the_cpu_build_is_a_clear_error()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Skip("CUDA is available here.");
        var result = CliRunner.Run("demo", "--device", "cuda", "--cases", "4", "--out", TestPaths.NewTempDir("demo-cuda"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TorchBackend=cuda", result.Err);
    }
}
