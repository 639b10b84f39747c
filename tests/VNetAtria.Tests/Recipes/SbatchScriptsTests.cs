using System.Diagnostics;
using VNetAtria.Recipes;
using VNetAtria.Recipes.Sweeps;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Recipes;

/// <summary>The sbatch scripts, read back by bash itself, and Slurm's job listings as scontrol prints them.</summary>
public sealed class SbatchScriptsTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-sbatch it's here");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SweepPlan Plan(params string[] runs)
    {
        var (basePath, gridPath) = TinySweep.Write(_dir, "grid", [.. runs.Select(r => (r, Array.Empty<string>()))]);
        return SweepPlan.Write(SweepDefinition.FromGrid(Path.Combine(_dir, "sweep"), VNetAtria.Experiments.ExperimentConfigLoader.Load(basePath), SweepGrid.Load(gridPath)));
    }

    [Fact]
    public void The_scripts_carry_the_graph_the_resources_and_the_exact_task_commands()
    {
        var plan = Plan("a", "b", "c", "d");
        var options = new SlurmOptions
        {
            Partition = "gpu", Account = "lab", Time = "1-00:00:00", CpusPerTask = 8, Memory = "32G", Gres = "gpu:1", Throttle = 2, SignalSeconds = 240,
            ExtraLines = ["#SBATCH --qos=long", "--constraint=a100"],
        };
        var cli = new[] { "/opt/dotnet/dotnet", "/opt/vnet atria/vnet-atria.dll" };
        var scripts = SbatchScripts.Build(plan, options, locator: true, [0, 1, 3], cli).ToDictionary(s => s.Task);

        var array = Directives(scripts["segmenters"].Text);
        Assert.Contains("--array=0-1,3%2", array);
        // The folder has a space and a quote: the path is double-quoted, as sbatch reads directives.
        Assert.Contains($"--output=\"{Path.Combine(plan.Folder, "logs", "segmenter-%a.out")}\"", array);
        foreach (var line in new[] { "--requeue", "--signal=B:TERM@240", "--partition=gpu", "--account=lab", "--time=1-00:00:00", "--cpus-per-task=8", "--mem=32G", "--gres=gpu:1", "--qos=long", "--constraint=a100", "--open-mode=append" })
        {
            Assert.Contains(line, array);
            Assert.Contains(line, Directives(scripts["locator"].Text));
        }
        // The report needs no GPU and is not requeued; it runs after the array however it ended.
        var report = Directives(scripts["report"].Text);
        Assert.DoesNotContain("--gres=gpu:1", report);
        Assert.DoesNotContain("--requeue", report);
        Assert.Contains("--cpus-per-task=1", report);
        Assert.Equal(["sbatch", "--parsable", "--dependency=afterok:11", scripts["segmenters"].Path], scripts["segmenters"].SubmitCommand("11"));
        Assert.Equal(["sbatch", "--parsable", "--dependency=afterany:12", scripts["report"].Path], scripts["report"].SubmitCommand("12"));
        Assert.Equal(["sbatch", "--parsable", scripts["locator"].Path], scripts["locator"].SubmitCommand(null));

        // bash parses every script and reads the folder and the command back exactly (spaces and quotes included).
        foreach (var script in scripts.Values)
        {
            File.WriteAllText(Path.Combine(_dir, script.Task + ".sbatch"), script.Text);
            Assert.Equal(0, Bash("-n", Path.Combine(_dir, script.Task + ".sbatch")).Code);
        }
        var echo = Path.Combine(_dir, "echo.sh");
        File.WriteAllText(echo, string.Join('\n', scripts["segmenters"].Text.Split('\n').Where(l => l.StartsWith("SWEEP=", StringComparison.Ordinal) || l.StartsWith("CLI=", StringComparison.Ordinal)))
                                + "\nprintf '%s\\n' \"$SWEEP\" \"${CLI[@]}\"\n");
        Assert.Equal([plan.Folder, .. cli], Bash(echo).Output.TrimEnd('\n').Split('\n'));
        Assert.EndsWith("exec \"${CLI[@]}\" sweep run \"$SWEEP\" --array-index \"$SLURM_ARRAY_TASK_ID\" --slurm-requeue\n", scripts["segmenters"].Text, StringComparison.Ordinal);
        Assert.EndsWith("exec \"${CLI[@]}\" sweep run \"$SWEEP\" --task locator --slurm-requeue\n", scripts["locator"].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_node_without_the_sweep_folder_or_vnet_atria_the_script_stops_with_a_clear_error()
    {
        var plan = Plan("a");
        var script = Path.Combine(_dir, "task.sbatch");
        File.WriteAllText(script, SbatchScripts.Build(plan, new SlurmOptions(), true, [0], ["/nowhere/vnet-atria"])[0].Text);
        var missingCli = Bash(script);
        Assert.Equal(1, missingCli.Code);
        Assert.Contains("cannot run /nowhere/vnet-atria on", missingCli.Output, StringComparison.Ordinal);

        File.Delete(plan.PlanPath); // as a node that does not mount the folder sees it
        var missingFolder = Bash(script);
        Assert.Equal(1, missingFolder.Code);
        Assert.Contains($"the sweep folder {plan.Folder} is not visible on", missingFolder.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_resources_are_rejected_with_the_option_named()
    {
        var problems = new SlurmOptions { Time = "tomorrow", Throttle = 0, Gres = "gpu:1 --x", ExtraLines = ["qos=long"], SignalSeconds = 5 }.Problems();
        Assert.Contains(problems, p => p.StartsWith("--time 'tomorrow'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--throttle must be at least 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--gres 'gpu:1 --x'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--sbatch 'qos=long'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--signal-seconds", StringComparison.Ordinal));
        Assert.Empty(new SlurmOptions { Time = "90" }.Problems());
        Assert.Empty(new SlurmOptions { Time = "2-12:30" }.Problems());
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 5, 7, 8 }, "0-2,5,7-8")]
    [InlineData(new[] { 3 }, "3")]
    [InlineData(new[] { 4, 2, 3, 2 }, "2-4")]
    public void Array_indices_are_compressed_into_slurm_ranges(int[] indices, string expected) =>
        Assert.Equal(expected, SbatchScripts.ArraySpec(indices));

    [Fact]
    public void Scontrols_job_lines_give_one_state_per_array_task_pending_ranges_expanded()
    {
        // Two lines as scontrol -o show job printed them on the single-node test cluster (Slurm 22.05), shortened.
        const string output =
            "JobId=1 ArrayJobId=1 ArrayTaskId=2-3%2 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 ExitCode=0:0 NodeList= NumNodes=1\n" +
            "JobId=2 ArrayJobId=1 ArrayTaskId=0 ArrayTaskThrottle=2 JobName=wrap UserId=root(0) JobState=RUNNING Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 ExitCode=0:0 NodeList=vm BatchHost=vm\n" +
            "JobId=7 JobName=sweep-report UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=1:0 NodeList=vm\n";
        var states = SlurmQueue.Parse(output).ToDictionary(s => s.JobId);
        Assert.Equal(["1_2", "1_3", "1_0", "7"], states.Keys);
        Assert.True(states["1_2"].Pending);
        Assert.Equal("JobArrayTaskLimit", states["1_3"].Reason);
        Assert.True(states["1_0"].Active);
        Assert.Equal("vm", states["1_0"].Node);
        Assert.False(states["7"].Pending || states["7"].Active);
        Assert.Equal("1:0", states["7"].ExitCode);
        Assert.Equal([1, 4, 6], SlurmQueue.ArrayIndices("1,4-6:2"));
    }

    private static string[] Directives(string script) =>
        script.Split('\n').Where(l => l.StartsWith("#SBATCH ", StringComparison.Ordinal)).Select(l => l["#SBATCH ".Length..]).ToArray();

    private static (int Code, string Output) Bash(params string[] args)
    {
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + stderr.Result);
    }
}
