using System.Reflection;
using TorchSharp;

namespace VNetAtria.Runtime;

/// <summary>
/// The one place that starts TorchSharp: loads its native library with a clear error instead of TorchSharp's
/// 480 MB fallback copy, resolves device options and describes the runtime.
/// Call <see cref="EnsureAvailable"/> before the first use of <see cref="torch"/>: merely touching that class runs
/// its static constructor, which loads the natives and, on failure, poisons the type for the whole process.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static volatile string? _loadedPath;
    private static TorchRuntimeException? _failure;
    private static bool _deferredToTorchSharp;

    /// <summary>
    /// Loads TorchSharp's native library once per process (thread-safe; later calls return at once).
    /// Throws <see cref="TorchRuntimeException"/>, every time, when it cannot load: the message carries the loader's
    /// error and the fix (rebuild so the Debian 12 patch applies, a newer libstdc++, or the missing libtorch package).
    /// </summary>
    public static void EnsureAvailable()
    {
        if (_loadedPath is not null) return;
        lock (Gate)
        {
            if (_loadedPath is not null) return;
            if (_failure is not null)
                throw new TorchRuntimeException(_failure.Message, _failure.NativeLibraryPath, _failure.LoaderError, _failure);
            if (_deferredToTorchSharp) return;
            // typeof(torch) does not run torch's static constructor; only member access does.
            var torchSharpLocation = typeof(torch).Assembly.Location;
            var searched = TorchNativeLoader.SearchDirectories(torchSharpLocation);
            var path = TorchNativeLoader.Find(searched);
            try
            {
                if (path is null)
                {
                    // A notebook's `#r "nuget: TorchSharp"` runs TorchSharp from the package folder with the natives in
                    // other package folders: TorchSharp's own consolidation is the designed path there, so leave it to it.
                    if (TorchNativeLoader.IsNuGetPackageLayout(torchSharpLocation))
                    {
                        _deferredToTorchSharp = true;
                        return;
                    }
                    throw new TorchRuntimeException(TorchNativeLoader.NotFoundMessage(searched));
                }
                TorchNativeLoader.Load(path);
                _loadedPath = path;
            }
            catch (TorchRuntimeException e)
            {
                _failure = e;
                throw;
            }
        }
    }

    /// <summary>The loaded libLibTorchSharp file, or null before <see cref="EnsureAvailable"/> succeeded (or when TorchSharp loaded it itself).</summary>
    public static string? NativeLibraryPath => _loadedPath;

    /// <summary>
    /// Resolves a device option ("auto" | "cpu" | "cuda" | "cuda:N", see <see cref="TorchDeviceSpec"/>).
    /// "auto" is CUDA device 0 when CUDA is available, else the CPU. Throws <see cref="ArgumentException"/> for a
    /// malformed option and <see cref="TorchRuntimeException"/> when CUDA is asked for but not usable, saying why
    /// (the CPU-only backend package, or no device / driver) and how to fix it.
    /// </summary>
    public static torch.Device ResolveDevice(string spec)
    {
        var parsed = TorchDeviceSpec.Parse(spec);
        EnsureAvailable();
        switch (parsed.Kind)
        {
            case TorchDeviceKind.Cpu:
                return torch.CPU;
            case TorchDeviceKind.Auto:
                return torch.cuda.is_available() ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;
        }
        if (!torch.cuda.is_available())
        {
            var why = Backend() == "cuda"
                ? "the CUDA libtorch backend is present but no CUDA device or driver is usable (check nvidia-smi and the driver version)"
                : "this application uses the CPU-only libtorch package (libtorch-cpu-linux-x64). Build it with -p:TorchBackend=cuda " +
                  "(TorchSharp-cuda-linux; see docs/torchsharp-native.md) on a machine with an NVIDIA driver";
            throw new TorchRuntimeException($"Device '{spec}' was requested but CUDA is not available: {why}; or use --device cpu (or auto).");
        }
        var index = parsed.Index ?? 0;
        var count = torch.cuda.device_count();
        if (index >= count)
            throw new TorchRuntimeException($"Device '{spec}' was requested but this machine has {count} CUDA device(s) (cuda:0 to cuda:{count - 1}).");
        return new torch.Device(DeviceType.CUDA, index);
    }

    /// <summary>Versions, backend, threads and CUDA availability of the loaded runtime (loads it first).</summary>
    public static TorchRuntimeInfo Describe()
    {
        EnsureAvailable();
        var assembly = typeof(torch).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0) version = version[..plus];
        var cuda = torch.cuda.is_available();
        return new TorchRuntimeInfo(
            version,
            torch.__version__,
            Backend(),
            _loadedPath ?? "(loaded by TorchSharp from its NuGet package folders)",
            torch.get_num_threads(),
            Environment.ProcessorCount,
            cuda,
            cuda ? torch.cuda.device_count() : 0);
    }

    /// <summary>"cuda" when the CUDA libtorch sits beside the loaded native library, else "cpu".</summary>
    private static string Backend()
    {
        var dir = _loadedPath is null ? null : Path.GetDirectoryName(_loadedPath);
        if (dir is null) return "unknown";
        return File.Exists(Path.Combine(dir, OperatingSystem.IsWindows() ? "torch_cuda.dll" : "libtorch_cuda.so")) ? "cuda" : "cpu";
    }
}
