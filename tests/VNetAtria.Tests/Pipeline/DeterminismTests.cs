using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;

namespace VNetAtria.Tests.Pipeline;

/// <summary>
/// Same seed, machine and thread count, same numbers: the tiny pipeline (both stages trained, validation cases
/// predicted and evaluated; the config's 2 threads) run twice gives byte-identical histories, metrics and predictions.
/// The machine's measurements (epoch seconds, peak memory) live in timing.csv, which may differ.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class DeterminismTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("determinism");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Two_trainings_with_the_same_seed_and_threads_write_identical_histories_metrics_and_predictions()
    {
        var config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, PipelineEndToEndTests.TinyConfig);
        var runs = new[] { "first", "second" }.Select(name => Path.Combine(_dir, name)).ToArray();
        foreach (var run in runs)
        {
            var train = CliRunner.Run("train", "--config", config, "--out", run);
            Assert.True(train.ExitCode == 0, train.ToString());
        }

        string[] same = ["locator/history.csv", "segmenter/history.csv", "metrics.csv", "metrics-raw.csv", "metrics-largest-component.csv", "crop-plan.json", "normalisation.json"];
        var predictions = Directory.GetFiles(Path.Combine(runs[0], "predictions")).Select(f => Path.Combine("predictions", Path.GetFileName(f))).ToArray();
        Assert.NotEmpty(predictions);
        foreach (var file in same.Concat(predictions))
            Assert.True(File.ReadAllBytes(Path.Combine(runs[0], file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(runs[1], file))), $"{file} differs between the two runs");
        foreach (var stage in new[] { "locator", "segmenter" })
        {
            var history = TrainingHistory.Read(Path.Combine(runs[0], stage, TrainerFolder.HistoryFileName));
            Assert.All(history, r => Assert.True(r.Seconds > 0 && r.PeakMemoryBytes > 0, $"{stage} epoch {r.Epoch}: timing.csv was not read back"));
        }
    }
}
