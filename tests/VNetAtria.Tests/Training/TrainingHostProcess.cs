using System.Diagnostics;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Training;

/// <summary>Starts tests/VNetAtria.TrainingHost (a tiny deterministic training) as a child process.</summary>
internal static class TrainingHostProcess
{
    /// <summary>The host's dll, built beside the tests with the same configuration, framework and runtime.</summary>
    public static string HostDll()
    {
        // bin/<config>/<tfm>/<rid>/ of the tests, mirrored under the host's project folder.
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var testProject = Path.Combine(TestPaths.RepoRoot, "tests", "VNetAtria.Tests");
        var relative = Path.GetRelativePath(testProject, testBin);
        var dll = Path.Combine(TestPaths.RepoRoot, "tests", "VNetAtria.TrainingHost", relative, "VNetAtria.TrainingHost.dll");
        if (!File.Exists(dll)) Assert.Fail($"The training host '{dll}' is missing: build tests/VNetAtria.Tests (it builds the host).");
        return dll;
    }

    /// <summary>Starts the host with <paramref name="args"/>, behind <paramref name="prefix"/> (a wrapper command) when given, with extra environment variables.</summary>
    public static Process Start(string[] prefix, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(prefix.Length > 0 ? prefix[0] : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var p in prefix.Skip(1)) info.ArgumentList.Add(p);
        if (prefix.Length > 0) info.ArgumentList.Add(dotnet);
        info.ArgumentList.Add(HostDll());
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the training host");
    }

    /// <summary>Runs the host to its end (killed after <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start([], environment, args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result, $"killed after {timeout.TotalSeconds:F0} s\n{stderr.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
