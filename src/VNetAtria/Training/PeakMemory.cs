using System.Diagnostics;

namespace VNetAtria.Training;

/// <summary>
/// The process's peak resident memory. On Linux this is VmHWM from /proc/self/status, which <see cref="Reset"/> can
/// restart (writing 5 to /proc/self/clear_refs, Linux 4.0+) so each epoch reports its own peak; elsewhere the process's
/// lifetime peak working set. TorchSharp 0.107 exposes no CUDA allocator statistics, so GPU memory is not included.
/// <para>
/// The reset is process-wide: it also resets what getrusage reports as ru_maxrss (checked: 813 MiB -> 13 MiB after a
/// reset), so an outside tool such as GNU time then reports the peak since the last epoch started, not the run's.
/// The demo showed this: epoch peaks up to 4.1 GiB in history.csv, "maximum resident set size" 2.8 GB from
/// /usr/bin/time. The per-epoch column is the complete record.
/// </para>
/// </summary>
public static class PeakMemory
{
    /// <summary>Restarts the peak measurement where the OS allows it; false where only the lifetime peak is available.</summary>
    public static bool Reset()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes since the last successful <see cref="Reset"/> (or process start).</summary>
    public static long Bytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    if (long.TryParse(kb, out var value)) return value * 1024;
                }
            }
            catch (IOException)
            {
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
