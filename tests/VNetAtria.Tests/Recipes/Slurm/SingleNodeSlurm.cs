using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Recipes.Slurm;

/// <summary>
/// A real single-node Slurm cluster (munged, slurmctld, slurmd; no systemd, no cgroups, no accounting) started for the
/// tests by tools/slurm-single-node/start.sh in a private folder with free ports, and stopped by pid when disposed,
/// whatever happened. When Slurm cannot be started here (not root, packages missing) <see cref="Require"/> skips the
/// test with the reason; any other failure to start fails it with the daemons' output.
/// </summary>
public sealed class SingleNodeSlurm : IDisposable
{
    private readonly string? _previousConf = Environment.GetEnvironmentVariable("SLURM_CONF");
    private readonly string? _skip;
    private readonly string? _failure;
    private int _stopped;

    public SingleNodeSlurm()
    {
        Base = TestPaths.NewTempDir("vnetatria-slurm");
        _skip = Unavailable();
        if (_skip is not null) return;
        var script = Path.Combine(TestPaths.RepoRoot, "tools", "slurm-single-node", "start.sh");
        var clock = Stopwatch.StartNew();
        var (code, output) = Bash(script, Base, ("SLURMCTLD_PORT", FreePort().ToString()), ("SLURMD_PORT", FreePort().ToString()));
        StartSeconds = clock.Elapsed.TotalSeconds;
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        if (code == 3) _skip = $"Slurm cannot be started here: {output.Trim()}";
        else if (code != 0) _failure = $"tools/slurm-single-node/start.sh failed (exit {code}):\n{output}\n{Logs()}";
        else
        {
            Conf = Path.Combine(Base, "etc", "slurm.conf");
            // sbatch, squeue and scontrol, run by the library in this process, find the cluster through SLURM_CONF.
            Environment.SetEnvironmentVariable("SLURM_CONF", Conf);
        }
    }

    /// <summary>The cluster's folder (config, state, logs, pids).</summary>
    public string Base { get; }

    /// <summary>Its slurm.conf, or null when it did not start.</summary>
    public string? Conf { get; }

    /// <summary>Seconds start.sh took to bring the node up.</summary>
    public double StartSeconds { get; }

    /// <summary>Skips the test when Slurm cannot run here; fails it when the cluster did not start for another reason.</summary>
    public void Require()
    {
        if (_skip is not null) Assert.Skip(_skip);
        if (_failure is not null) Assert.Fail(_failure);
    }

    /// <summary>Runs a Slurm client (scontrol, squeue, scancel) against this cluster; returns exit code and output.</summary>
    public (int Code, string Output) Client(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["SLURM_CONF"] = Conf ?? "";
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    /// <summary>A job's (or array task's) state from scontrol ("PENDING", "RUNNING", ...), or null when Slurm no longer knows it.</summary>
    public string? JobState(string job)
    {
        var (code, output) = Client("scontrol", "-o", "show", "job", job);
        if (code != 0) return null;
        var field = output.Split(' ').FirstOrDefault(f => f.StartsWith("JobState=", StringComparison.Ordinal));
        return field?["JobState=".Length..];
    }

    /// <summary>Whether any of these jobs is still queued or running.</summary>
    public bool AnyQueued(params string?[] jobs) =>
        // One squeue per job: given a list, squeue answers only "Invalid job id" when any one of them is unknown to it.
        jobs.OfType<string>().Any(id =>
        {
            var (_, output) = Client("squeue", "-h", "-o", "%i", "-j", id);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(l => !l.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase));
        });

    /// <summary>The daemons' logs (for failure messages).</summary>
    public string Logs()
    {
        var log = Path.Combine(Base, "log");
        if (!Directory.Exists(log)) return "";
        return string.Join("\n", Directory.GetFiles(log).Order().Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(20))}"));
    }

    public void Dispose()
    {
        Stop();
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        Environment.SetEnvironmentVariable("SLURM_CONF", _previousConf);
        try { Directory.Delete(Base, recursive: true); }
        catch (IOException) { } // a job's last output may still be closing
        catch (UnauthorizedAccessException) { }
    }

    private void OnExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1 || _skip is not null) return;
        Bash(Path.Combine(TestPaths.RepoRoot, "tools", "slurm-single-node", "stop.sh"), Base);
    }

    private static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "the single-node Slurm cluster runs on Linux only.";
        if (Environment.UserName != "root") return $"the Slurm daemons need root; the tests run as {Environment.UserName} (CI runs them as root).";
        var missing = new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/scontrol" }.Where(p => !File.Exists(p)).ToList();
        return missing.Count > 0 ? $"Slurm is not installed ({string.Join(", ", missing)} missing; apt-get install slurm-wlm munge, as .ci/run does)." : null;
    }

    private static (int Code, string Output) Bash(string script, string argument, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(entireProcessTree: true); return (124, stdout + "timed out after 2 minutes"); }
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
