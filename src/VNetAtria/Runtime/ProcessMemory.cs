using System.Globalization;

namespace VNetAtria.Runtime;

/// <summary>
/// Where this process's memory is, at one moment: resident memory (VmRSS), the .NET heap (live size, committed,
/// fragmentation, from the last GC), glibc's malloc (arenas in use and free, mmapped blocks: libtorch's tensors) and
/// TorchSharp's count of live tensors. Logged after every training epoch, so that growth can be attributed.
/// </summary>
/// <param name="ResidentBytes">Resident memory (VmRSS on Linux, the working set elsewhere).</param>
/// <param name="ManagedHeapBytes">Bytes the .NET heap holds now (GC.GetTotalMemory without a collection: live objects and garbage not yet collected).</param>
/// <param name="ManagedCommittedBytes">Memory the .NET GC had committed at the last collection (0 before the first).</param>
/// <param name="ManagedFragmentedBytes">Free space inside the .NET heap at the last collection.</param>
/// <param name="Native">glibc malloc's counters, or null where unavailable.</param>
/// <param name="LiveTensors">TorchSharp tensors created and not yet disposed, on every thread.</param>
public sealed record ProcessMemory(long ResidentBytes, long ManagedHeapBytes, long ManagedCommittedBytes, long ManagedFragmentedBytes, NativeHeapInfo? Native, long LiveTensors)
{
    /// <summary>A snapshot now (no GC is forced: that would hide tensors left to finalizers).</summary>
    public static ProcessMemory Now()
    {
        var gc = GC.GetGCMemoryInfo();
        return new ProcessMemory(Resident(), GC.GetTotalMemory(forceFullCollection: false), gc.TotalCommittedBytes, gc.FragmentedBytes, NativeHeap.Info(), TorchSharp.torch.Tensor.TotalCount);
    }

    /// <summary>One line, e.g. "RSS 3.70 GiB: .NET heap 0.75 GiB (committed 1.80, fragmented 0.05); malloc arenas 1.50 GiB (in use 0.60, free 0.90), mmapped 0.30 GiB; 250 live tensors".</summary>
    public string Describe()
    {
        static string G(long bytes) => (bytes / (double)(1L << 30)).ToString("F2", CultureInfo.InvariantCulture);
        var native = Native is { } n ? $"; malloc arenas {G(n.ArenaBytes)} GiB (in use {G(n.InUseBytes)}, free {G(n.FreeBytes)}), mmapped {G(n.MmappedBytes)} GiB" : "";
        return $"RSS {G(ResidentBytes)} GiB: .NET heap {G(ManagedHeapBytes)} GiB (committed {G(ManagedCommittedBytes)}, fragmented {G(ManagedFragmentedBytes)}){native}; {LiveTensors} live tensors";
    }

    private static long Resident()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                    if (long.TryParse(line["VmRSS:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb)) return kb * 1024;
                }
            }
            catch (IOException)
            {
            }
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
