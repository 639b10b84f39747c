using System.Runtime.InteropServices;
using System.Security.Cryptography;
using VNetAtria.Build;

namespace VNetAtria.Tests.Runtime;

/// <summary>The ELF reader and patcher behind Directory.Build.targets, checked against readelf and the loader's own choices.</summary>
public sealed class LibStdCxxCompatTests : IDisposable
{
    private readonly List<string> _tempFolders = [];

    private const string IosBaseLibraryInit = "_ZSt21ios_base_library_initv";

    // Debian 12's libstdc++ (GCC 12): every GLIBCXX_3.4.x up to 30 and CXXABI_1.3 to 1.3.13.
    private static readonly HashSet<string> Debian12Versions =
    [
        .. Enumerable.Range(0, 31).Select(i => i == 0 ? "GLIBCXX_3.4" : $"GLIBCXX_3.4.{i}"),
        .. Enumerable.Range(0, 14).Select(i => i == 0 ? "CXXABI_1.3" : $"CXXABI_1.3.{i}"),
    ];

    [Fact]
    public void Reader_lists_the_same_needed_versions_and_flags_as_readelf()
    {
        var original = NativeLibraryFixture.RequireOriginal();

        var ours = ElfFile.Read(original).Needs.Select(n => (n.Library, n.Version, n.Flags == 0 ? "none" : n.IsWeak ? "WEAK" : $"0x{n.Flags:x}")).ToList();

        Assert.Equal(NativeLibraryFixture.ReadelfNeeds(original), ours);
        Assert.Contains(("libstdc++.so.6", "GLIBCXX_3.4.32", "none"), ours);
    }

    [Fact]
    public void Only_ios_base_library_init_is_bound_to_GLIBCXX_3_4_32_as_readelf_dyn_syms_shows()
    {
        var original = NativeLibraryFixture.RequireOriginal();
        var fromReadelf = NativeLibraryFixture.Readelf("--dyn-syms", "-W", original).Split('\n')
            // e.g. "482: 0000000000000000 0 FUNC GLOBAL DEFAULT UND _ZSt21ios_base_library_initv@GLIBCXX_3.4.32 (18)"
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(token => token.EndsWith("@GLIBCXX_3.4.32", StringComparison.Ordinal))
            .Select(token => token[..token.IndexOf('@', StringComparison.Ordinal)])
            .ToList();

        var need = ElfFile.Read(original).Needs.Single(n => n.Version == "GLIBCXX_3.4.32");

        Assert.Equal([IosBaseLibraryInit], fromReadelf);
        Assert.Equal([IosBaseLibraryInit], need.Symbols);
    }

    [Fact]
    public void Relocated_symbols_per_version_match_readelf_relocations()
    {
        var original = NativeLibraryFixture.RequireOriginal();
        // e.g. "00000000001d7cb0  000003f900000007 R_X86_64_JUMP_SLOT  0000000000000000 _ZNSt18condition_variable...@GLIBCXX_3.4.30 + 0"
        var relocations = NativeLibraryFixture.Readelf("-r", "-W", original).Split('\n')
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(token => token.Contains("@GLIBCXX_", StringComparison.Ordinal))
            .Select(token => (Symbol: token[..token.IndexOf('@', StringComparison.Ordinal)], Version: token[(token.IndexOf('@', StringComparison.Ordinal) + 1)..]))
            .ToList();

        var needs = ElfFile.Read(original).Needs.Where(n => n.Version.StartsWith("GLIBCXX_", StringComparison.Ordinal)).ToList();

        foreach (var need in needs)
            Assert.Equal(relocations.Where(r => r.Version == need.Version).Select(r => r.Symbol).Distinct().Order(), need.RelocatedSymbols.Order());
        var v32 = needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Empty(v32.RelocatedSymbols);
        Assert.True(LibStdCxxCompat.IsSafeToWeaken(v32));
        Assert.False(LibStdCxxCompat.IsSafeToWeaken(needs.Single(n => n.Version == "GLIBCXX_3.4.30")));
    }

    [Fact]
    public void On_a_Debian_12_libstdcxx_the_plan_weakens_exactly_GLIBCXX_3_4_32()
    {
        var library = ElfFile.Read(NativeLibraryFixture.RequireOriginal());

        var plan = LibStdCxxCompat.Plan(library, Debian12Versions, always: false);

        Assert.Equal(LibStdCxxAction.Patch, plan.Action);
        Assert.Equal(["GLIBCXX_3.4.32"], plan.ToWeaken.Select(n => n.Version));
        Assert.Equal("GLIBCXX_3.4.30", plan.NewestProvided);
    }

    [Fact]
    public void With_a_libstdcxx_that_has_GLIBCXX_3_4_32_nothing_is_patched()
    {
        var library = ElfFile.Read(NativeLibraryFixture.RequireOriginal());
        var ubuntu2404 = new HashSet<string>(Debian12Versions) { "GLIBCXX_3.4.31", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33" };

        Assert.Equal(LibStdCxxAction.NothingToDo, LibStdCxxCompat.Plan(library, ubuntu2404, always: false).Action);
    }

    [Fact]
    public void A_missing_version_with_callable_symbols_is_reported_unsafe_and_not_patched()
    {
        var library = ElfFile.Read(NativeLibraryFixture.RequireOriginal());
        // GCC 11's libstdc++ lacks GLIBCXX_3.4.30, which std::condition_variable::wait and others need.
        var gcc11 = new HashSet<string>(Debian12Versions.Where(v => v != "GLIBCXX_3.4.30"));

        var plan = LibStdCxxCompat.Plan(library, gcc11, always: false);

        Assert.Equal(LibStdCxxAction.Unsafe, plan.Action);
        Assert.Empty(plan.ToWeaken);
        Assert.Contains(plan.Missing, n => n.Version == "GLIBCXX_3.4.30" && n.RelocatedSymbols.Count > 0);
    }

    [Fact]
    public void Always_mode_weakens_only_the_unrelocated_version_whatever_the_machine_has()
    {
        var library = ElfFile.Read(NativeLibraryFixture.RequireOriginal());

        var plan = LibStdCxxCompat.Plan(library, provided: null, always: true);

        Assert.Equal(LibStdCxxAction.Patch, plan.Action);
        Assert.Equal(["GLIBCXX_3.4.32"], plan.ToWeaken.Select(n => n.Version));
    }

    [Fact]
    public void Patching_sets_VER_FLG_WEAK_as_readelf_reads_it_and_changes_no_other_byte()
    {
        var copy = NativeLibraryFixture.CopyOfOriginal(_tempFolders);
        var before = File.ReadAllBytes(copy);
        var beforeFlags = NativeLibraryFixture.ReadelfNeeds(copy);
        Assert.Contains(("libstdc++.so.6", "GLIBCXX_3.4.32", "none"), beforeFlags);

        var plan = LibStdCxxCompat.Plan(ElfFile.Read(copy), Debian12Versions, always: false);
        LibStdCxxCompat.WriteWeakened(copy, plan.ToWeaken);

        var after = File.ReadAllBytes(copy);
        var afterFlags = NativeLibraryFixture.ReadelfNeeds(copy);
        Assert.Equal(beforeFlags.Select(n => n.Version == "GLIBCXX_3.4.32" ? (n.Library, n.Version, "WEAK") : n), afterFlags);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var flagsOffset = (int)plan.ToWeaken.Single().FlagsOffset;
        Assert.Equal([flagsOffset], changed);
        Assert.Equal(0, before[flagsOffset]);
        Assert.Equal(ElfFile.VerFlgWeak, after[flagsOffset]);
    }

    [Fact]
    public void A_patched_file_is_recognised_as_already_patched()
    {
        var copy = NativeLibraryFixture.CopyOfOriginal(_tempFolders);
        LibStdCxxCompat.WriteWeakened(copy, LibStdCxxCompat.Plan(ElfFile.Read(copy), Debian12Versions, always: false).ToWeaken);

        var again = LibStdCxxCompat.Plan(ElfFile.Read(copy), Debian12Versions, always: false);

        Assert.Equal(LibStdCxxAction.AlreadyPatched, again.Action);
        Assert.All(again.ToWeaken, n => Assert.True(n.IsWeak));
    }

    [Fact]
    public void Patching_a_hard_link_replaces_the_link_and_leaves_the_shared_file_untouched()
    {
        var cacheFile = NativeLibraryFixture.CopyOfOriginal(_tempFolders);
        var output = Path.Combine(Path.GetDirectoryName(cacheFile)!, "output-libLibTorchSharp.so");
        Assert.Equal(0, link(cacheFile, output));
        var cacheHash = SHA256.HashData(File.ReadAllBytes(cacheFile));
        var cacheTime = File.GetLastWriteTimeUtc(cacheFile);

        LibStdCxxCompat.WriteWeakened(output, LibStdCxxCompat.Plan(ElfFile.Read(output), Debian12Versions, always: false).ToWeaken);

        Assert.Equal(cacheHash, SHA256.HashData(File.ReadAllBytes(cacheFile)));
        Assert.NotEqual(cacheHash, SHA256.HashData(File.ReadAllBytes(output)));
        Assert.True(ElfFile.Read(output).Needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        // The copy keeps the source's time stamp, so MSBuild's unchanged-file check keeps skipping it.
        Assert.Equal(cacheTime, File.GetLastWriteTimeUtc(output));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.tmp"));
    }

    [Fact]
    public void The_build_patched_the_output_copy_exactly_when_this_machines_libstdcxx_lacks_GLIBCXX_3_4_32()
    {
        var original = NativeLibraryFixture.RequireOriginal();
        var output = ElfFile.Read(NativeLibraryFixture.OutputCopy);
        var need = output.Needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        var libStdCxx = LibStdCxxCompat.FindLibStdCxx(output.Machine, out _);
        if (libStdCxx is null) Assert.Skip($"No {output.MachineName} libstdc++ on this machine: the build leaves the file alone.");
        var machineHasIt = ElfFile.Read(libStdCxx).Definitions.Contains("GLIBCXX_3.4.32");

        Assert.Equal(!machineHasIt, need.IsWeak);
        Assert.False(ElfFile.Read(original).Needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void FindLibStdCxx_finds_the_libstdcxx_this_process_actually_loaded()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) Assert.Skip("Linux x86-64 only.");
        // The dotnet host links libstdc++, so the loader's real choice is in this process's memory map.
        var mapped = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .FirstOrDefault(p => Path.GetFileName(p).StartsWith("libstdc++.so.6", StringComparison.Ordinal));
        if (mapped is null) Assert.Skip("This process has no libstdc++ mapped.");

        var found = LibStdCxxCompat.FindLibStdCxx(ElfFile.MachineX86_64, out var searched);

        Assert.NotNull(found);
        Assert.Equal(RealPath(mapped), RealPath(found));
        Assert.NotEmpty(searched);
    }

    [Fact]
    public void Definitions_of_this_machines_libstdcxx_match_readelf()
    {
        var libStdCxx = LibStdCxxCompat.FindLibStdCxx(ElfFile.MachineX86_64, out _);
        if (libStdCxx is null) Assert.Skip("No x86-64 libstdc++ here.");
        var text = NativeLibraryFixture.Readelf("-V", "-W", libStdCxx);
        var section = text[text.IndexOf("Version definition section", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("Version needs section", StringComparison.Ordinal)];
        var fromReadelf = section.Split('\n')
            .Where(l => l.Contains("Flags: none", StringComparison.Ordinal) && l.Contains("Name: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("Name: ", StringComparison.Ordinal) + 6)..].Trim())
            .ToList();

        var ours = ElfFile.Read(libStdCxx).Definitions;

        Assert.Equal(fromReadelf, ours);
        Assert.Contains("GLIBCXX_3.4", ours);
    }

    [Theory]
    [InlineData("GLIBCXX_3.4.9", "GLIBCXX_3.4.30", -1)]
    [InlineData("GLIBCXX_3.4.30", "GLIBCXX_3.4.30", 0)]
    [InlineData("GLIBCXX_3.4", "GLIBCXX_3.4.1", -1)]
    [InlineData("GLIBCXX_3.4.32", "GLIBCXX_3.4.4", 1)]
    public void Version_names_compare_by_number_not_by_text(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(LibStdCxxCompat.CompareVersionNames(a, b)));

    [Fact]
    public void Newest_GLIBCXX_of_Debian_12_is_3_4_30() =>
        Assert.Equal("GLIBCXX_3.4.30", LibStdCxxCompat.NewestGlibcxx(Debian12Versions));

    [Theory]
    [InlineData("text", "e_ident")]
    [InlineData("elf32", "e_ident[EI_CLASS]")]
    [InlineData("bigendian", "e_ident[EI_DATA]")]
    [InlineData("truncated", "section[")]
    [InlineData("no-sections", "e_shoff")]
    public void Malformed_files_fail_with_the_field_named(string kind, string field)
    {
        var bytes = kind switch
        {
            "text" => "#!/bin/sh\necho not a library\n"u8.ToArray().Concat(new byte[64]).ToArray(),
            "elf32" => Header(elfClass: 1),
            "bigendian" => Header(data: 2),
            "truncated" => File.ReadAllBytes(NativeLibraryFixture.RequireOriginal())[..4096],
            "no-sections" => Header(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(bytes, "/x/lib.so"));

        Assert.StartsWith(field, e.Field, StringComparison.Ordinal);
        Assert.Contains("/x/lib.so", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => NativeLibraryFixture.Delete(_tempFolders);

    private static byte[] Header(byte elfClass = 2, byte data = 1)
    {
        var b = new byte[64];
        b[0] = 0x7f; b[1] = (byte)'E'; b[2] = (byte)'L'; b[3] = (byte)'F'; b[4] = elfClass; b[5] = data; b[6] = 1;
        b[18] = 62;
        return b;
    }

    private static string RealPath(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        Assert.NotEqual(IntPtr.Zero, resolved);
        try { return Marshal.PtrToStringUTF8(resolved)!; }
        finally { free(resolved); }
    }

    // Plain libc calls for independent checks: a hard link like the NuGet cache's, and the kernel's view of a path.
    [DllImport("libc", EntryPoint = "link")]
    private static extern int link(string existing, string newPath);

    [DllImport("libc", EntryPoint = "realpath")]
    private static extern IntPtr realpath(string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void free(IntPtr pointer);
}
