namespace VNetAtria.Runtime;

/// <summary>What <see cref="TorchRuntime.Describe"/> reports about the loaded TorchSharp (for `vnet-atria` and logs).</summary>
/// <param name="TorchSharpVersion">The TorchSharp package version, e.g. "0.107.0".</param>
/// <param name="LibTorchVersion">The libtorch version TorchSharp was built for (torch.__version__), e.g. "2.10.0".</param>
/// <param name="Backend">"cpu" or "cuda": which libtorch native package sits beside the loaded library.</param>
/// <param name="NativeLibraryPath">The loaded libLibTorchSharp file.</param>
/// <param name="Threads">Intra-op threads torch uses (torch.get_num_threads()).</param>
/// <param name="ProcessorCount">Logical processors available to this process.</param>
/// <param name="CudaAvailable">torch.cuda.is_available().</param>
/// <param name="CudaDeviceCount">Number of CUDA devices (0 without CUDA).</param>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion,
    string LibTorchVersion,
    string Backend,
    string NativeLibraryPath,
    int Threads,
    int ProcessorCount,
    bool CudaAvailable,
    int CudaDeviceCount)
{
    /// <summary>A few lines for a terminal.</summary>
    public override string ToString()
    {
        var cuda = CudaAvailable
            ? $"available, {CudaDeviceCount} device(s)"
            : Backend == "cpu" ? "not available (CPU backend package; build with -p:TorchBackend=cuda for CUDA)" : "not available (no usable CUDA device or driver)";
        return $"""
            TorchSharp {TorchSharpVersion} (libtorch {LibTorchVersion}, {Backend} backend)
            native library: {NativeLibraryPath}
            threads: {Threads} of {ProcessorCount} logical processors
            cuda: {cuda}
            """;
    }
}
