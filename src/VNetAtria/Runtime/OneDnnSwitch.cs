using System.Runtime.InteropServices;

namespace VNetAtria.Runtime;

/// <summary>
/// libtorch's process-wide "use oneDNN (mkldnn) for CPU convolutions" switch, <c>at::Context::setUserEnabledMkldnn</c>,
/// which TorchSharp does not expose: reached through the exported C++ symbols of libtorch_cpu (Itanium ABI, so Linux
/// and macOS builds; elsewhere <see cref="IsAvailable"/> is false). With the switch off, libtorch uses its own
/// (slower) convolution kernels. libtorch reads the switch when it picks a kernel, in the forward pass and again in
/// the backward pass, so it can only be changed safely for the whole process, between steps.
/// </summary>
public static unsafe class OneDnnSwitch
{
    private static readonly Lock Gate = new();
    private static bool _resolved;
    private static delegate* unmanaged<IntPtr> _globalContext;
    private static delegate* unmanaged<IntPtr, byte, void> _setEnabled;
    private static delegate* unmanaged<IntPtr, byte> _getEnabled;

    /// <summary>True when the switch can be read and set in this process (libtorch_cpu found with its C++ exports).</summary>
    public static bool IsAvailable
    {
        get
        {
            Resolve();
            return _globalContext != null;
        }
    }

    /// <summary>Whether libtorch may use oneDNN for CPU convolutions (true by default). Throws <see cref="PlatformNotSupportedException"/> when <see cref="IsAvailable"/> is false.</summary>
    public static bool Enabled
    {
        get
        {
            Require();
            return _getEnabled(_globalContext()) != 0;
        }
        set
        {
            Require();
            _setEnabled(_globalContext(), value ? (byte)1 : (byte)0);
        }
    }

    private static void Require()
    {
        if (!IsAvailable)
            throw new PlatformNotSupportedException(
                "libtorch's oneDNN switch (at::Context::setUserEnabledMkldnn) could not be reached in this process: it needs libtorch_cpu with " +
                "its C++ exports (Linux or macOS builds of libtorch).");
    }

    private static void Resolve()
    {
        if (_resolved) return;
        lock (Gate)
        {
            if (_resolved) return;
            TorchRuntime.EnsureAvailable();
            var library = Load();
            if (library != IntPtr.Zero
                && NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var context)
                && NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out var set)
                && NativeLibrary.TryGetExport(library, "_ZNK2at7Context17userEnabledMkldnnEv", out var get))
            {
                _globalContext = (delegate* unmanaged<IntPtr>)context;
                _setEnabled = (delegate* unmanaged<IntPtr, byte, void>)set;
                _getEnabled = (delegate* unmanaged<IntPtr, byte>)get;
            }
            _resolved = true;
        }
    }

    // libtorch_cpu is already in the process (libLibTorchSharp depends on it); loading it again by its path or soname
    // returns that same copy.
    private static IntPtr Load()
    {
        if (OperatingSystem.IsWindows()) return IntPtr.Zero;
        var name = OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        if (TorchRuntime.NativeLibraryPath is { } loaded && Path.GetDirectoryName(loaded) is { } dir
            && NativeLibrary.TryLoad(Path.Combine(dir, name), out var handle))
            return handle;
        return NativeLibrary.TryLoad(name, out handle) ? handle : IntPtr.Zero;
    }
}
