using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;

namespace VNetAtria.Tests.Training;

/// <summary>
/// The test that would have caught TorchSharp's temporary-Scalar race (issue 11): the tiny VNet of
/// VNetAtria.TrainingHost trained a few hundred steps from a BatchLoader with workers, once quietly and once under
/// stress (a thread that allocates and forces collections and finalisers without pause, a gen0 budget of 64 KiB so
/// the training thread collects often too, and a spinning thread competing for the CPU), must end with bit-identical
/// weights and history.csv. A finaliser freeing a temporary scalar while libtorch reads it shows as an exception
/// ("Expected false to be true ... toFloat") or as different numbers. bench/stress-repeat.sh repeats the stressed run.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class ScalarRaceStressTests : IDisposable
{
    /// <summary>15 epochs of 16 batches: 240 optimiser steps, plus 15 validations and checkpoints.</summary>
    private const string Epochs = "15";

    private readonly string _dir = TestPaths.NewTempDir("vnetatria-stress");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Training_under_a_GC_hammer_loader_workers_and_CPU_competition_gives_the_quiet_runs_weights_bit_for_bit()
    {
        var quiet = Path.Combine(_dir, "quiet");
        var stressed = Path.Combine(_dir, "stressed");
        string[] common = [Epochs, "7", "--threads", "1", "--loader-workers", "2"];

        Expect(TrainingHostProcess.Run(TimeSpan.FromMinutes(5), null, [quiet, .. common]), "quiet");
        var stress = new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x10000" };
        var run = TrainingHostProcess.Run(TimeSpan.FromMinutes(5), stress, [stressed, .. common, "--gc-hammer", "--busy-threads", "1"]);
        Expect(run, "stressed");
        TestContext.Current.TestOutputHelper?.WriteLine(run.Stderr.Split('\n').LastOrDefault(l => l.StartsWith("garbage collections", StringComparison.Ordinal)) ?? "");

        Assert.True(File.ReadAllBytes(Path.Combine(quiet, "final-weights.bin")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(stressed, "final-weights.bin"))),
            "the stressed run's weights differ from the quiet run's");
        Assert.Equal(File.ReadAllText(Path.Combine(quiet, TrainerFolder.HistoryFileName)), File.ReadAllText(Path.Combine(stressed, TrainerFolder.HistoryFileName)));
    }

    private static void Expect((int ExitCode, string Stdout, string Stderr) run, string which) =>
        Assert.True(run.ExitCode == 0 && run.Stdout.Contains($"done Completed {Epochs}", StringComparison.Ordinal),
            $"the {which} training host failed (exit code {run.ExitCode}):\n{run.Stdout[^Math.Min(run.Stdout.Length, 2000)..]}\n{run.Stderr[^Math.Min(run.Stderr.Length, 4000)..]}");
}
