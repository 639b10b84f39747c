using System.Globalization;
using VNetAtria.Runtime;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// What a training stage does about memory at the end of every epoch: gives malloc's free pages back to the system
/// (<see cref="NativeHeap.Trim"/>; set VNETATRIA_MALLOC_TRIM=0 to skip it) and describes where the memory is
/// (<see cref="ProcessMemory"/>), for the run's log.
/// </summary>
public static class EpochMemory
{
    /// <summary>The environment switch: "0" leaves malloc's free pages in the process.</summary>
    public const string TrimVariable = "VNETATRIA_MALLOC_TRIM";

    /// <summary>Trims (unless switched off) and returns the log line for epoch <paramref name="epoch"/>.</summary>
    public static string AfterEpoch(int epoch)
    {
        var before = ProcessMemory.Now();
        if (Environment.GetEnvironmentVariable(TrimVariable) == "0")
            return $"memory after epoch {epoch}: {before.Describe()}";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        NativeHeap.Trim();
        var after = ProcessMemory.Now();
        return string.Create(CultureInfo.InvariantCulture, $"memory after epoch {epoch}: {before.Describe()}; after malloc_trim ({watch.ElapsedMilliseconds} ms) RSS {after.ResidentBytes / (double)(1L << 30):F2} GiB");
    }
}
