using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Models;

[Collection(TorchGlobalRngCollection.Name)]
public class VNetSummaryTests
{
    [Fact]
    public void Stage_shapes_halve_per_level_and_parameters_add_up_to_the_total()
    {
        var summary = VNetSummary.Of(VNetOptions.Original, new Shape3(48, 160, 160));

        Assert.Equal(10_759_306, summary.TotalParameters);
        Assert.Equal(summary.TotalParameters, summary.Stages.Sum(s => s.Parameters));
        var shapes = summary.Stages.ToDictionary(s => s.Name, s => s.OutputShape);
        Assert.Equal(new long[] { 8, 48, 160, 160 }, shapes["input_transition"]);
        Assert.Equal(new long[] { 16, 24, 80, 80 }, shapes["down_transition16"]);
        Assert.Equal(new long[] { 128, 3, 10, 10 }, shapes["down_transition128"]);
        Assert.Equal(new long[] { 128, 6, 20, 20 }, shapes["up_transition128"]);
        Assert.Equal(new long[] { 16, 48, 160, 160 }, shapes["up_transition16"]);
        Assert.Equal(new long[] { 1, 48, 160, 160 }, shapes["out_transition"]);
        // Weights alone: 10,759,306 * 4 bytes; training needs at least 4x that plus activations.
        Assert.Equal(43_037_224, summary.WeightBytes);
        Assert.True(summary.TrainingBytes(2) > summary.TrainingBytes(1));
        Assert.True(summary.TrainingBytes(1) > 4 * summary.WeightBytes);
    }

    [Fact]
    public void A_short_benchmark_reports_every_step_and_memory_and_leaks_no_tensor()
    {
        var result = ModelStepBenchmark.Run(new ModelStepBenchmarkOptions
        {
            Model = new VNetOptions { BaseWidth = 1 },
            Input = new Shape3(16, 16, 16),
            Iterations = 4,
            Warmup = 1,
        });

        Assert.Single(result.WarmupMs);
        Assert.Equal(4, result.StepMs.Count);
        Assert.Equal(4, result.ResidentBytes.Count);
        // Every step releases every tensor it made: the live count does not move between steps.
        Assert.Single(result.LiveTensors.Distinct());
        Assert.True(result.MedianMs > 0);
        Assert.True(result.PeakResidentBytes >= result.ResidentBytes.Max());
    }
}
