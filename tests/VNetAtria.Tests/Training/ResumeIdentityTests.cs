using System.Diagnostics;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;
using VNetAtria.Training.Checkpoints;

namespace VNetAtria.Tests.Training;

/// <summary>
/// Kills a real training process mid-epoch, resumes it from checkpoint-last and requires the final weights to be
/// bit-identical to an uninterrupted run (VNetAtria.TrainingHost: one libtorch thread, CPU).
/// In the torch collection although it runs torch only in child processes: beside in-process torch tests, the children's
/// threads would oversubscribe small CI machines.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class ResumeIdentityTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-resume");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_run_killed_mid_epoch_and_resumed_ends_with_weights_identical_to_an_uninterrupted_run()
    {
        var whole = Path.Combine(_dir, "whole");
        var interrupted = Path.Combine(_dir, "interrupted");

        RunHost(whole, "4", "7");
        // Batches are checkpointed every 2; hanging after batch 3 of epoch 3 means checkpoint-last is at batch 2 of epoch 3.
        RunHostUntilHangingThenKill(interrupted, "4", "7", "--hang-after", "3:3");
        var atKill = CheckpointFile.Read(Path.Combine(interrupted, TrainerFolder.LastCheckpointName)).Manifest.State;
        Assert.Equal((2, 2), (atKill.CompletedEpochs, atKill.BatchInEpoch));
        Assert.False(File.Exists(Path.Combine(interrupted, "final-weights.bin")));

        RunHost(interrupted, "4", "7", "--resume");

        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "final-weights.bin")), File.ReadAllBytes(Path.Combine(interrupted, "final-weights.bin")));
        // history.csv holds no wall times or memory (those are in timing.csv): the two are byte-identical.
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, TrainerFolder.HistoryFileName)), File.ReadAllBytes(Path.Combine(interrupted, TrainerFolder.HistoryFileName)));
        Assert.Equal(4, TrainingHistory.Read(Path.Combine(interrupted, TrainerFolder.HistoryFileName)).Count(r => r.Seconds > 0));
        var lastA = CheckpointFile.Read(Path.Combine(whole, TrainerFolder.LastCheckpointName)).Manifest.State;
        var lastB = CheckpointFile.Read(Path.Combine(interrupted, TrainerFolder.LastCheckpointName)).Manifest.State;
        Assert.Equal((lastA.Scheduler, lastA.GlobalStep, lastA.Alpha), (lastB.Scheduler, lastB.GlobalStep, lastB.Alpha));
    }

    [Fact]
    public async Task Ctrl_C_stops_a_training_process_after_the_current_batch_with_a_checkpoint_it_resumes_from()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("Sending Ctrl+C to another process needs a shared console on Windows; the POSIX SIGINT path is tested elsewhere.");
        var folder = Path.Combine(_dir, "interrupted");
        // A job started in the background by a non-interactive shell (nohup, `cmd &`) inherits SIGINT ignored, and .NET
        // then never sees Ctrl+C; a terminal's foreground process has it at its default. coreutils' env restores the
        // default for the child, as a terminal would have it.
        using (var process = StartWith(DefaultSigIntPrefix(), folder, "4", "7", "--batch-delay-ms", "300"))
        {
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var seen = new List<string>();
            while (process.StandardOutput.ReadLine() is { } line)
            {
                seen.Add(line);
                if (line == "batch 2:1")
                {
                    // What a terminal sends on Ctrl+C.
                    Assert.Equal(0, SendSignal(process.Id, SigInt));
                }
            }
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the host did not stop after Ctrl+C");
            var errors = await stderr;
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{string.Join('\n', seen)}\n{errors}");
            Assert.True(seen[^1].StartsWith("done Cancelled", StringComparison.Ordinal),
                $"the host did not stop on SIGINT (was SIGINT ignored in its environment?):\n{string.Join('\n', seen)}");
            // It stopped within epoch 2, at a batch boundary right after the signal.
            Assert.DoesNotContain("batch 3:1", seen);
        }
        var checkpoint = CheckpointFile.Read(Path.Combine(folder, TrainerFolder.LastCheckpointName)).Manifest;
        Assert.Equal("cancelled", checkpoint.Kind);
        Assert.Equal(1, checkpoint.State.CompletedEpochs);
        Assert.InRange(checkpoint.State.BatchInEpoch, 1, 3);

        RunHost(folder, "4", "7", "--resume");
        Assert.Equal(4, TrainingHistory.Read(Path.Combine(folder, TrainerFolder.HistoryFileName)).Count);
    }

    [Fact]
    public async Task SIGTERM_from_a_scheduler_stops_a_training_process_like_Ctrl_C_even_with_SIGINT_ignored()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("SIGTERM is a POSIX signal.");
        var folder = Path.Combine(_dir, "terminated");
        using (var process = Start(folder, "4", "7", "--batch-delay-ms", "300"))
        {
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var seen = new List<string>();
            while (process.StandardOutput.ReadLine() is { } line)
            {
                seen.Add(line);
                if (line == "batch 2:1") Assert.Equal(0, SendSignal(process.Id, SigTerm));   // what `kill`, systemd and Slurm send
            }
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the host did not stop after SIGTERM");
            var errors = await stderr;
            Assert.True(process.ExitCode == 0 && seen[^1].StartsWith("done Cancelled", StringComparison.Ordinal),
                $"exit code {process.ExitCode}\n{string.Join('\n', seen)}\n{errors}");
        }
        var checkpoint = CheckpointFile.Read(Path.Combine(folder, TrainerFolder.LastCheckpointName)).Manifest;
        Assert.Equal("cancelled", checkpoint.Kind);
        Assert.Equal(1, checkpoint.State.CompletedEpochs);
    }

    private const int SigTerm = 15;
    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    private static Process Start(params string[] args) => TrainingHostProcess.Start([], null, args);

    private static Process StartWith(string[] prefix, params string[] args) => TrainingHostProcess.Start(prefix, null, args);

    /// <summary>`env --default-signal=INT` where coreutils has it (8.31+), else nothing.</summary>
    private static string[] DefaultSigIntPrefix()
    {
        if (!File.Exists("/usr/bin/env")) return [];
        using var probe = Process.Start(new ProcessStartInfo("/usr/bin/env", ["--default-signal=INT", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
        probe.WaitForExit();
        return probe.ExitCode == 0 ? ["/usr/bin/env", "--default-signal=INT"] : [];
    }

    private static void RunHost(params string[] args)
    {
        using var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the training host did not finish within 3 minutes");
        }
        Assert.True(process.ExitCode == 0, $"host exited with {process.ExitCode}\n{stdout}\n{stderr.Result}");
        Assert.Contains("done Completed 4", stdout);
    }

    private static void RunHostUntilHangingThenKill(params string[] args)
    {
        using var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var seen = new List<string>();
        var deadline = Stopwatch.StartNew();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            seen.Add(line);
            if (line == "hanging") break;
            if (deadline.Elapsed > TimeSpan.FromMinutes(3)) break;
        }
        var hung = seen.LastOrDefault() == "hanging";
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.True(hung, $"the host never reached its hang point:\n{string.Join('\n', seen)}\n{(process.HasExited ? stderr.Result : "")}");
    }
}
