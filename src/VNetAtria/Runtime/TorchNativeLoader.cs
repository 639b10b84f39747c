using System.Runtime.InteropServices;

namespace VNetAtria.Runtime;

/// <summary>
/// Finds and loads TorchSharp's native library (libLibTorchSharp) the way the .NET host would, but reports a failure
/// with the loader's own message instead of letting TorchSharp fall back to copying every libtorch binary
/// (about 480 MB) out of the NuGet cache, which fails again for the same reason.
/// </summary>
internal static class TorchNativeLoader
{
    /// <summary>The native library's file name on this operating system.</summary>
    public static string FileName { get; } =
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" :
        OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" :
        "libLibTorchSharp.so";

    /// <summary>The portable runtime identifier of this process (linux-x64, linux-arm64, osx-arm64, win-x64, ...).</summary>
    public static string PortableRid { get; } =
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>
    /// Where the runtime looks for native libraries of this application, in its order: the host's
    /// NATIVE_DLL_SEARCH_DIRECTORIES (from the .deps.json), then the application folder, TorchSharp.dll's folder
    /// and their runtimes/&lt;rid&gt;/native subfolders (output built without a RuntimeIdentifier).
    /// </summary>
    public static IReadOnlyList<string> SearchDirectories(string? torchSharpAssemblyLocation)
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string hostDirs)
            dirs.AddRange(hostDirs.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var roots = new List<string> { AppContext.BaseDirectory };
        if (!string.IsNullOrEmpty(torchSharpAssemblyLocation) && Path.GetDirectoryName(torchSharpAssemblyLocation) is { Length: > 0 } tsDir)
            roots.Add(tsDir);
        foreach (var root in roots)
        {
            dirs.Add(root);
            dirs.Add(Path.Combine(root, "runtimes", PortableRid, "native"));
        }
        return dirs.Select(d => Path.GetFullPath(d).TrimEnd(Path.DirectorySeparatorChar)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The first <see cref="FileName"/> in <paramref name="directories"/>, or null.</summary>
    public static string? Find(IEnumerable<string> directories) =>
        directories.Select(d => Path.Combine(d, FileName)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Loads <paramref name="path"/> (its dependencies resolve through its RUNPATH, $ORIGIN: the libtorch
    /// libraries beside it). Once loaded, TorchSharp's own load by name finds the same library already in the process.
    /// Throws <see cref="TorchRuntimeException"/> with the loader's message and the fix.
    /// </summary>
    public static void Load(string path)
    {
        try
        {
            NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new TorchRuntimeException(LoadFailureMessage(path, e.Message), path, e.Message, e);
        }
    }

    /// <summary>The message for a library that exists but does not load; the advice depends on what the loader said.</summary>
    public static string LoadFailureMessage(string path, string loaderError)
    {
        var diagnosis =
            loaderError.Contains("GLIBCXX_", StringComparison.Ordinal) || loaderError.Contains("CXXABI_", StringComparison.Ordinal)
                ? "This machine's libstdc++ is older than the one TorchSharp's native library was built against."
            : loaderError.Contains("libtorch", StringComparison.Ordinal) || loaderError.Contains("libc10", StringComparison.Ordinal)
                ? "The libtorch native libraries it depends on are not beside it."
            : loaderError.Contains("GLIBC_", StringComparison.Ordinal)
                ? "This machine's C library (glibc) is older than the one TorchSharp's native library was built against; only a newer system helps."
            : "The dynamic loader refused it.";
        return $"""
            TorchSharp's native library {path} could not be loaded: {diagnosis}
            Loader error: {loaderError.Trim()}
            Fixes, in the usual order:
              - build again (dotnet build / dotnet test / dotnet publish): Directory.Build.targets marks the unused libstdc++ version need
                (GLIBCXX_3.4.32) weak in the output's copy when this machine's libstdc++ lacks it. If the output was built on another
                machine, build it with -p:VNetAtriaPatchLibTorchSharp=always;
              - or install a libstdc++ that provides GLIBCXX_3.4.32 or newer (GCC 13's; Ubuntu 24.04 and Debian 13 have it);
              - or, when a libtorch library is missing, add the libtorch-cpu-linux-x64 package to your application (import src/Torch.Backend.props).
            See docs/torchsharp-native.md. VNetAtria stops here rather than let TorchSharp copy ~480 MB of native libraries out of the
            NuGet cache and fail again the same way.
            """;
    }

    /// <summary>The message when no native library is beside the application at all.</summary>
    public static string NotFoundMessage(IEnumerable<string> searched) => $"""
        TorchSharp's native library {FileName} is not in this application's folders (searched: {string.Join(", ", searched)}).
        Add the libtorch native package to the application project: import src/Torch.Backend.props, which references
        libtorch-cpu-linux-x64 (or TorchSharp-cuda-linux with -p:TorchBackend=cuda), and build again.
        See docs/torchsharp-native.md. VNetAtria stops here rather than let TorchSharp copy ~480 MB of native libraries out of the NuGet cache.
        """;

    /// <summary>True when TorchSharp.dll was loaded straight from a NuGet package folder (a notebook or script `#r "nuget: ..."`).</summary>
    public static bool IsNuGetPackageLayout(string? torchSharpAssemblyLocation) =>
        torchSharpAssemblyLocation is { Length: > 0 } loc &&
        loc.Replace('\\', '/').Contains("/torchsharp/", StringComparison.OrdinalIgnoreCase) &&
        loc.Replace('\\', '/').Contains("/lib/", StringComparison.Ordinal);
}
