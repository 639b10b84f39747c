using System.Diagnostics;
using System.Text.Json.Nodes;

namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// The <c>Microsoft.dotnet-interactive</c> tool pinned in <c>.config/dotnet-tools.json</c>: the kernel the Polyglot
/// Notebooks extension and the Jupyter kernelspec start. Restored once per test process (<c>dotnet tool restore</c>,
/// as <c>.ci/run</c> does); tests that need it skip with the reason when it cannot be restored.
/// </summary>
public static class DotnetInteractiveTool
{
    /// <summary>The tool's package id in the manifest.</summary>
    public const string PackageId = "microsoft.dotnet-interactive";

    /// <summary>The tool manifest at the repository root.</summary>
    public static string ManifestPath => Path.Combine(NotebookPaths.RepoRoot, ".config", "dotnet-tools.json");

    /// <summary>The pinned version, read from the manifest (the one home of the version).</summary>
    public static string PinnedVersion =>
        (string?)JsonNode.Parse(File.ReadAllText(ManifestPath))?["tools"]?[PackageId]?["version"]
        ?? throw new InvalidOperationException($"{ManifestPath} does not pin {PackageId}.");

    private static readonly Lazy<string?> Unavailable = new(Restore);

    /// <summary>Null when the tool is restored and starts; else why not (for a skip message).</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>Skips the current test with the reason when the tool cannot be restored.</summary>
    public static void SkipUnlessAvailable()
    {
        if (UnavailableReason is { } reason) Assert.Skip(reason);
    }

    /// <summary>The start info of <c>dotnet tool run dotnet-interactive -- ARGS</c> from the repository root (where the manifest is found).</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = NotebookPaths.RepoRoot,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "tool", "run", "dotnet-interactive", "--" }.Concat(arguments)) info.ArgumentList.Add(a);
        // The kernel prints a telemetry banner and sends usage data unless told not to.
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }

    private static string? Restore()
    {
        if (!File.Exists(ManifestPath)) return $"No tool manifest at {ManifestPath}: the notebooks' kernel (dotnet-interactive) is not pinned.";
        var restore = Run(new ProcessStartInfo("dotnet", ["tool", "restore"]) { WorkingDirectory = NotebookPaths.RepoRoot }, TimeSpan.FromMinutes(5));
        if (restore.ExitCode != 0)
            return $"`dotnet tool restore` failed (exit {restore.ExitCode}), so the notebooks cannot run in the dotnet-interactive {PinnedVersion} kernel: {Tail(restore.Output)}";
        var version = Run(StartInfo("--version"), TimeSpan.FromMinutes(2));
        return version.ExitCode == 0
            ? null
            : $"dotnet-interactive {PinnedVersion} was restored but does not start (exit {version.ExitCode}): {Tail(version.Output)}";
    }

    private static (int ExitCode, string Output) Run(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"timed out after {timeout.TotalSeconds:F0} s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"could not start {info.FileName}: {e.Message}");
        }
    }

    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "..." + text[^600..].Trim();
}
