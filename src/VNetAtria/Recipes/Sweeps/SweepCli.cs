namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// How a sweep's tasks start vnet-atria: the absolute path of its executable, or of vnet-atria.dll run by the dotnet
/// host. Recorded in sweep.json when the sweep is planned from the CLI (the running vnet-atria's own path, unless
/// <c>--cli PATH</c> names another) and checked before every task starts, on every node.
/// </summary>
public static class SweepCli
{
    /// <summary>The command for <paramref name="path"/>: <c>[path]</c> for an executable, <c>[dotnet, path]</c> for a .dll.</summary>
    /// <exception cref="ArgumentException">The path does not exist, or is a file that cannot be executed.</exception>
    public static IReadOnlyList<string> FromPath(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ArgumentException($"--cli {path}: no such file; give the vnet-atria executable (or vnet-atria.dll) every node can run.", nameof(path));
        if (full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return [DotnetHost(), full];
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
            throw new ArgumentException($"--cli {path}: the file is not executable; give the vnet-atria executable or its .dll.", nameof(path));
        return [full];
    }

    /// <summary>Why <paramref name="cli"/> cannot start here, or null when it can (the same checks the sbatch scripts make on the node).</summary>
    public static string? Problem(IReadOnlyList<string>? cli)
    {
        if (cli is null || cli.Count == 0) return "no vnet-atria command is recorded for this sweep; plan or submit it from vnet-atria, or give --cli PATH";
        if (!File.Exists(cli[0])) return $"{cli[0]} does not exist on {Environment.MachineName}; install vnet-atria where every node sees it and give --cli PATH";
        if (cli.Count > 1 && !File.Exists(cli[1])) return $"{cli[1]} does not exist on {Environment.MachineName}; give --cli PATH";
        return null;
    }

    /// <summary>The dotnet host's absolute path: $DOTNET_HOST_PATH, else the first "dotnet" on PATH, else /usr/share/dotnet/dotnet.</summary>
    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(candidate);
        }
        return "/usr/share/dotnet/dotnet";
    }

    /// <summary>The arguments that run one task: <c>sweep run SWEEP --task NAME</c>.</summary>
    public static IReadOnlyList<string> RunTaskArguments(SweepPlan plan, SweepTask task) => ["sweep", "run", plan.Folder, "--task", task.Name];
}
