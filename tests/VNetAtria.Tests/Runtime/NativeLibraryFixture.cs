using System.Diagnostics;
using System.Reflection;
using TorchSharp;

namespace VNetAtria.Tests.Runtime;

/// <summary>Where the TorchSharp native library of this test run is, and independent tools to inspect ELF files.</summary>
internal static class NativeLibraryFixture
{
    /// <summary>The copy of libLibTorchSharp.so in the test's output folder (what the build put there).</summary>
    public static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    /// <summary>
    /// The untouched libLibTorchSharp.so in the NuGet cache (read only; tests copy it). Skips when the cache is elsewhere.
    /// </summary>
    public static string RequireOriginal()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("The ELF tests are for Linux.");
        var version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(path)) Assert.Skip($"The NuGet cache copy {path} is not there (set NUGET_PACKAGES to the global packages folder).");
        return path;
    }

    /// <summary>A private copy of the original in a fresh temp folder, which is added to <paramref name="cleanup"/>.</summary>
    public static string CopyOfOriginal(ICollection<string> cleanup)
    {
        var original = RequireOriginal();
        var dir = TestSupport.TestPaths.NewTempDir("vnetatria-elf");
        cleanup.Add(dir);
        var copy = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(original, copy);
        return copy;
    }

    /// <summary>Deletes the temp folders a test made.</summary>
    public static void Delete(IEnumerable<string> folders)
    {
        foreach (var dir in folders)
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>Runs readelf (binutils) and returns its output; skips when readelf is not installed.</summary>
    public static string Readelf(params string[] args)
    {
        var exe = new[] { "/usr/bin/readelf", "/bin/readelf" }.FirstOrDefault(File.Exists);
        if (exe is null) Assert.Skip("readelf (binutils) is not installed: apt-get install binutils.");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["LC_ALL"] = "C";
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"readelf {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        return output;
    }

    /// <summary>readelf -V's needed versions: (library, version, flags text) per Vernaux line.</summary>
    public static List<(string Library, string Version, string Flags)> ReadelfNeeds(string path)
    {
        var result = new List<(string, string, string)>();
        var inNeeds = false;
        string? file = null;
        foreach (var raw in Readelf("-V", "-W", path).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Version needs section", StringComparison.Ordinal)) { inNeeds = true; continue; }
            if (!inNeeds) continue;
            if (line.StartsWith("Version ", StringComparison.Ordinal) && line.Contains("section", StringComparison.Ordinal)) break;
            var fileAt = line.IndexOf("File: ", StringComparison.Ordinal);
            if (fileAt >= 0) { file = line[(fileAt + 6)..].Split(' ')[0]; continue; }
            var nameAt = line.IndexOf("Name: ", StringComparison.Ordinal);
            var flagsAt = line.IndexOf("Flags: ", StringComparison.Ordinal);
            var versionAt = line.IndexOf("  Version: ", StringComparison.Ordinal);
            if (nameAt >= 0 && flagsAt > nameAt && versionAt > flagsAt)
                result.Add((file!, line[(nameAt + 6)..flagsAt].Trim(), line[(flagsAt + 7)..versionAt].Trim()));
        }
        return result;
    }
}
