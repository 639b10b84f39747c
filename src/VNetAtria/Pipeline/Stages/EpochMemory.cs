using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using VNetAtria.Runtime;

namespace VNetAtria.Pipeline.Stages;

/// <summary>
/// What a training stage does about memory at the end of every epoch, and the line it logs: a full, compacting
/// garbage collection (large-object heap included), then glibc's malloc_trim (<see cref="NativeHeap.Trim"/>), with
/// where the memory was before and after (<see cref="ProcessMemory"/>). Set VNETATRIA_RELEASE_MEMORY=0 to only log.
/// <para>
/// Why both (docs/real-data.md, "Memory"): the 80-case run's resident memory grew every epoch; the likely places are two. The .NET
/// heap kept the garbage of each epoch's large arrays (checkpoint buffers, the whole volumes read before training),
/// because a heap of gigabytes of live volumes gets few full collections; and glibc's arenas kept the freed
/// activations of validation passes and loader threads as free chunks, which it does not return to the system on its
/// own. Both costs are paid once per epoch (well under a second against minutes per epoch).
/// </para>
/// </summary>
public static class EpochMemory
{
    /// <summary>The environment switch: "0" leaves both heaps alone (the line is still logged).</summary>
    public const string ReleaseVariable = "VNETATRIA_RELEASE_MEMORY";

    /// <summary>Releases (unless switched off) and returns the log line for epoch <paramref name="epoch"/>.</summary>
    public static string AfterEpoch(int epoch)
    {
        var before = ProcessMemory.Now();
        if (Environment.GetEnvironmentVariable(ReleaseVariable) == "0")
            return $"memory after epoch {epoch}: {before.Describe()}";
        var watch = Stopwatch.StartNew();
        Release();
        var after = ProcessMemory.Now();
        return string.Create(CultureInfo.InvariantCulture,
            $"memory after epoch {epoch}: {before.Describe()}; after a full GC and malloc_trim ({watch.ElapsedMilliseconds} ms): {after.Describe()}");
    }

    /// <summary>A full compacting collection (finalizers run, so tensors left to them free their native memory), then malloc_trim.</summary>
    public static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        NativeHeap.Trim();
    }
}
