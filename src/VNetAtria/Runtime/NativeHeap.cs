using System.Runtime.InteropServices;

namespace VNetAtria.Runtime;

/// <summary>
/// glibc's malloc, where libtorch's CPU tensors live (c10's CPU allocator calls posix_memalign): its statistics
/// (mallinfo2), <c>malloc_trim</c> to give freed pages back to the system, and <c>mallopt</c> settings. Linux with
/// glibc only; elsewhere every member reports "not available" and changes nothing.
/// <para>
/// Why it matters: freed tensor memory stays in the process as free chunks of malloc's arenas (one per thread that
/// allocated, up to 8 per core) unless it was mmapped. glibc raises its mmap threshold to the size of every mmapped
/// block that is freed (up to 32 MiB), so after the first large tensor is freed, later ones of that size come from
/// the arenas, and resident memory only ever grows with the fragmentation of several threads' arenas.
/// </para>
/// </summary>
public static partial class NativeHeap
{
    private const int MArenaMax = -8;      // mallopt parameter numbers from glibc's malloc.h
    private const int MMmapThreshold = -3;

    /// <summary>glibc's counters (mallinfo2), in bytes; null where glibc is not the C library.</summary>
    public static NativeHeapInfo? Info()
    {
        if (!IsGlibc) return null;
        try
        {
            var m = mallinfo2();
            return new NativeHeapInfo((long)m.arena, (long)m.hblkhd, (long)m.uordblks, (long)m.fordblks, (long)m.keepcost);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // glibc older than 2.33 (no mallinfo2)
        }
    }

    /// <summary>
    /// Returns free memory of every arena to the system (glibc's malloc_trim(0), which also releases whole free pages
    /// inside the arenas); true when memory was released.
    /// </summary>
    public static bool Trim()
    {
        if (!IsGlibc) return false;
        try
        {
            return malloc_trim(0) != 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Caps the number of malloc arenas (glibc's M_ARENA_MAX; the default is 8 per core) and fixes the mmap threshold
    /// (M_MMAP_THRESHOLD; a fixed value also stops glibc from raising it), so that blocks of at least that size are
    /// mmapped and go back to the system when freed. Call early, before worker threads allocate. False where
    /// unavailable or refused.
    /// </summary>
    public static bool Configure(int maxArenas, long mmapThresholdBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxArenas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(mmapThresholdBytes);
        if (!IsGlibc || mmapThresholdBytes > int.MaxValue) return false;
        try
        {
            return mallopt(MArenaMax, maxArenas) == 1 & mallopt(MMmapThreshold, (int)mmapThresholdBytes) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private static bool IsGlibc => OperatingSystem.IsLinux() && GlibcVersion() is not null;

    private static string? GlibcVersion()
    {
        try
        {
            return Marshal.PtrToStringAnsi(gnu_get_libc_version());
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // musl or another C library
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [LibraryImport("libc.so.6")]
    private static partial MallInfo2 mallinfo2();

    [LibraryImport("libc.so.6")]
    private static partial int malloc_trim(nuint pad);

    [LibraryImport("libc.so.6")]
    private static partial int mallopt(int param, int value);

    [LibraryImport("libc.so.6")]
    private static partial IntPtr gnu_get_libc_version();
}

/// <summary>glibc malloc's counters (mallinfo2), in bytes.</summary>
/// <param name="ArenaBytes">Memory held by the arenas (sbrk'd and mmapped heaps of every arena: in use and free).</param>
/// <param name="MmappedBytes">Blocks allocated by mmap directly (released when freed).</param>
/// <param name="InUseBytes">Allocated bytes in the arenas.</param>
/// <param name="FreeBytes">Free bytes inside the arenas: fragmentation that resident memory may still count.</param>
/// <param name="TrimmableBytes">Free bytes at the top of the main arena that malloc_trim could release at once.</param>
public sealed record NativeHeapInfo(long ArenaBytes, long MmappedBytes, long InUseBytes, long FreeBytes, long TrimmableBytes);
