using System.Runtime.InteropServices;
using VNetAtria.Runtime;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Runtime;

// Alone (no other test runs meanwhile): the test reads the process's resident memory.
[Collection(TorchGlobalRngCollection.Name)]
public class NativeHeapTests
{
    [Fact]
    public void Freed_malloc_blocks_stay_resident_until_malloc_trim_gives_them_back()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && NativeHeap.Info() is not null, "needs Linux with glibc (mallinfo2, malloc_trim)");
        // 4,096 blocks of 64 KiB (below glibc's mmap threshold, so they come from an arena), each written so that its
        // pages are resident; then all but the last are freed. The last block pins the heap's top, so glibc cannot
        // shrink the heap by itself: the 256 MiB stay resident as free arena memory, the growth seen across epochs.
        const int count = 4096, size = 64 << 10;
        var blocks = new IntPtr[count];
        for (var i = 0; i < count; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(size);
            for (var offset = 0; offset < size; offset += 4096) Marshal.WriteByte(blocks[i], offset, 1);
        }
        for (var i = 0; i < count - 1; i++) Marshal.FreeHGlobal(blocks[i]);
        try
        {
            var before = ProcessMemory.Now();
            Assert.True(before.Native!.FreeBytes >= 200L << 20, $"free arena bytes after freeing 256 MiB: {before.Native.FreeBytes >> 20} MiB");
            NativeHeap.Trim();
            var after = ProcessMemory.Now();
            Assert.True(before.ResidentBytes - after.ResidentBytes >= 128L << 20,
                $"malloc_trim released {(before.ResidentBytes - after.ResidentBytes) >> 20} MiB of 256 MiB freed ({before.Describe()} -> {after.Describe()})");
        }
        finally
        {
            Marshal.FreeHGlobal(blocks[^1]);
        }
    }

    [Fact]
    public void A_snapshot_describes_every_part_and_counts_live_tensors()
    {
        var before = ProcessMemory.Now();
        using var t = TorchSharp.torch.zeros(4);
        var after = ProcessMemory.Now();
        Assert.Equal(before.LiveTensors + 1, after.LiveTensors);
        Assert.True(after.ResidentBytes > 0 && after.ManagedHeapBytes > 0 && after.ManagedCommittedBytes >= 0);
        Assert.Matches(@"^RSS \d+\.\d\d GiB: \.NET heap \d+\.\d\d GiB \(committed \d+\.\d\d, fragmented \d+\.\d\d\)(; malloc arenas .*)?; \d+ live tensors$", after.Describe());
    }
}
