// Makes TorchSharp's libLibTorchSharp.so load on machines whose libstdc++ is older than the GCC that built it
// (Debian 12: libstdc++ up to GLIBCXX_3.4.30; TorchSharp 0.107 needs GLIBCXX_3.4.32 for one symbol only).
//
// This one file serves two builds, so it is written against netstandard 2.0 (the reference assemblies MSBuild
// ships for tasks: no Span, no File.Move overwrite):
//   - build/LibStdCxxCompat.targets compiles it into obj/ as a task assembly (the task class at the end);
//   - the test project links it with VNETATRIA_ELF_CORE_ONLY defined and tests the ELF logic directly.
// See docs/torchsharp-native.md for the why.
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;

namespace VNetAtria.Build
{
    /// <summary>An ELF file that this reader cannot or will not interpret; names the file, the field and what was expected.</summary>
    public sealed class ElfFormatException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ElfFormatException(string path, string field, string message)
            : base($"{path}: ELF field '{field}': {message}")
        {
            FilePath = path;
            Field = field;
        }

        /// <summary>The file being read.</summary>
        public string FilePath { get; }

        /// <summary>The ELF structure or field that was wrong.</summary>
        public string Field { get; }
    }

    /// <summary>One version an ELF object needs from a library: a Vernaux entry of .gnu.version_r (SHT_GNU_verneed).</summary>
    public sealed class ElfVersionNeed
    {
        internal ElfVersionNeed(string library, string version, ushort flags, ushort index, long flagsOffset, IReadOnlyList<string> symbols, IReadOnlyList<string> relocatedSymbols)
        {
            Library = library;
            Version = version;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
            Symbols = symbols;
            RelocatedSymbols = relocatedSymbols;
        }

        /// <summary>The library file name the version is needed from (vn_file), e.g. "libstdc++.so.6".</summary>
        public string Library { get; }

        /// <summary>The version name (vna_name), e.g. "GLIBCXX_3.4.32".</summary>
        public string Version { get; }

        /// <summary>vna_flags (VER_FLG_WEAK = 0x2).</summary>
        public ushort Flags { get; }

        /// <summary>vna_other: the version index that .gnu.version entries of symbols bound to this version hold.</summary>
        public ushort Index { get; }

        /// <summary>File offset of the 16-bit vna_flags field (what a patch rewrites).</summary>
        public long FlagsOffset { get; }

        /// <summary>Names of the dynamic symbols bound to this version (via .gnu.version); empty when the file has no .gnu.version.</summary>
        public IReadOnlyList<string> Symbols { get; }

        /// <summary>
        /// The subset of <see cref="Symbols"/> that a dynamic relocation refers to: the only symbols the loader ever looks
        /// up. A symbol bound to a version but used by no relocation is never resolved, so its version is never needed.
        /// </summary>
        public IReadOnlyList<string> RelocatedSymbols { get; }

        /// <summary>True when VER_FLG_WEAK is set: the dynamic loader then tolerates the version's absence.</summary>
        public bool IsWeak => (Flags & ElfFile.VerFlgWeak) != 0;

        /// <inheritdoc />
        public override string ToString() => $"{Library} {Version} (index {Index}, flags 0x{Flags:x})";
    }

    /// <summary>
    /// The symbol-versioning view of an ELF64 little-endian file (x86-64, AArch64): the versions it needs
    /// (.gnu.version_r), the versions it defines (.gnu.version_d) and which dynamic symbols use which version.
    /// Read with section headers, as readelf -V does; every offset is bounds-checked.
    /// </summary>
    public sealed class ElfFile
    {
        /// <summary>VER_FLG_WEAK (elf.h): a missing version is not an error for the dynamic loader.</summary>
        public const ushort VerFlgWeak = 0x2;

        /// <summary>VER_FLG_BASE (elf.h): a verdef entry naming the file itself, not a version.</summary>
        public const ushort VerFlgBase = 0x1;

        /// <summary>EM_X86_64.</summary>
        public const ushort MachineX86_64 = 62;

        /// <summary>EM_AARCH64.</summary>
        public const ushort MachineAArch64 = 183;

        private const uint ShtRela = 4;
        private const uint ShtRel = 9;
        private const uint ShtDynsym = 11;
        private const uint ShtGnuVerdef = 0x6ffffffd;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;
        private const int Elf64HeaderSize = 64;
        private const int Elf64SectionHeaderSize = 64;
        private const int Elf64SymbolSize = 24;
        private const int VerneedSize = 16;
        private const int VernauxSize = 16;
        private const int VerdefSize = 20;
        private const int VerdauxSize = 8;

        private ElfFile(string path, ushort machine, IReadOnlyList<ElfVersionNeed> needs, IReadOnlyList<string> definitions)
        {
            Path = path;
            Machine = machine;
            Needs = needs;
            Definitions = definitions;
        }

        /// <summary>The file read.</summary>
        public string Path { get; }

        /// <summary>e_machine (62 x86-64, 183 AArch64).</summary>
        public ushort Machine { get; }

        /// <summary>Every needed version, in file order.</summary>
        public IReadOnlyList<ElfVersionNeed> Needs { get; }

        /// <summary>The version names this file defines (a library's own versions, e.g. GLIBCXX_3.4.30), without the base entry.</summary>
        public IReadOnlyList<string> Definitions { get; }

        /// <summary>A short name of <see cref="Machine"/> for messages.</summary>
        public string MachineName => Machine switch
        {
            MachineX86_64 => "x86-64",
            MachineAArch64 => "aarch64",
            _ => $"e_machine {Machine}",
        };

        /// <summary>Reads the ELF file at <paramref name="path"/>.</summary>
        public static ElfFile Read(string path) => Parse(File.ReadAllBytes(path), path);

        /// <summary>Reads only the machine field (cheap check of a candidate library); null when the file is not ELF64 little-endian.</summary>
        public static ushort? TryReadMachine(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                var header = new byte[20];
                if (stream.Read(header, 0, header.Length) != header.Length) return null;
                if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F') return null;
                if (header[4] != 2 || header[5] != 1) return null;
                return (ushort)(header[18] | header[19] << 8);
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        /// <summary>Parses ELF bytes; <paramref name="path"/> only names the file in errors.</summary>
        public static ElfFile Parse(byte[] b, string path)
        {
            var r = new Reader(b, path);
            if (b.Length < Elf64HeaderSize || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
                throw new ElfFormatException(path, "e_ident", "not an ELF file (no 0x7f 'ELF' magic in the first 4 bytes)");
            if (b[4] != 2)
                throw new ElfFormatException(path, "e_ident[EI_CLASS]", $"expected 2 (ELFCLASS64), found {b[4]}; only 64-bit libraries are supported");
            if (b[5] != 1)
                throw new ElfFormatException(path, "e_ident[EI_DATA]", $"expected 1 (little-endian), found {b[5]}; only little-endian libraries are supported");

            var machine = r.U16(18, "e_machine");
            var shoff = r.U64(40, "e_shoff");
            var shentsize = r.U16(58, "e_shentsize");
            long shnum = r.U16(60, "e_shnum");
            if (shoff == 0)
                throw new ElfFormatException(path, "e_shoff", "the file has no section headers, so its symbol versions cannot be read");
            if (shentsize != Elf64SectionHeaderSize)
                throw new ElfFormatException(path, "e_shentsize", $"expected {Elf64SectionHeaderSize}, found {shentsize}");
            // More than 0xff00 sections: the real count is in section 0's sh_size (ELF extended numbering).
            if (shnum == 0) shnum = (long)r.U64(r.Checked(shoff, 32, "e_shoff") + 32, "section[0].sh_size");
            if (shnum > b.Length / Elf64SectionHeaderSize)
                throw new ElfFormatException(path, "e_shnum", $"{shnum} section headers cannot fit in a {b.Length}-byte file");

            var sections = new Section[shnum];
            for (var i = 0; i < shnum; i++)
            {
                var at = r.Checked(shoff + (ulong)i * Elf64SectionHeaderSize, Elf64SectionHeaderSize, $"section[{i}]");
                var s = new Section(i, r.U32(at + 4, "sh_type"), r.U64(at + 24, "sh_offset"), r.U64(at + 32, "sh_size"), r.U32(at + 40, "sh_link"), r.U32(at + 44, "sh_info"));
                if (s.Type != 8 /* SHT_NOBITS */ && s.Size > 0) r.Checked(s.Offset, s.Size, $"section[{i}] contents");
                sections[i] = s;
            }

            var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
            var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
            var symbolsByIndex = new Dictionary<ushort, List<string>>();
            var relocatedByIndex = new Dictionary<ushort, List<string>>();
            if (dynsym is not null && versym is not null)
            {
                var dynstr = LinkedStrings(sections, dynsym, r, ".dynsym");
                var count = (long)(dynsym.Size / Elf64SymbolSize);
                if ((long)(versym.Size / 2) < count)
                    throw new ElfFormatException(path, ".gnu.version", $"has {versym.Size / 2} entries for {count} dynamic symbols");
                // Dynamic symbols that relocations refer to (r_info's high 32 bits), from every REL/RELA section on .dynsym.
                var relocated = new HashSet<long>();
                foreach (var rel in sections.Where(x => (x.Type == ShtRela || x.Type == ShtRel) && x.Link == dynsym.Index))
                {
                    var entrySize = rel.Type == ShtRela ? 24 : 16;
                    for (var at = (long)rel.Offset; at + entrySize <= (long)(rel.Offset + rel.Size); at += entrySize)
                        relocated.Add((long)(r.U64(at + 8, "r_info") >> 32));
                }
                for (long i = 1; i < count; i++)
                {
                    // Bit 15 marks a hidden symbol; the low 15 bits are the version index (0 local, 1 global).
                    var index = (ushort)(r.U16((long)versym.Offset + i * 2, ".gnu.version entry") & 0x7fff);
                    if (index < 2) continue;
                    var name = r.CString(dynstr, r.U32((long)dynsym.Offset + i * Elf64SymbolSize, "st_name"), "st_name");
                    Add(symbolsByIndex, index, name);
                    if (relocated.Contains(i)) Add(relocatedByIndex, index, name);
                }
            }

            var needs = new List<ElfVersionNeed>();
            foreach (var sec in sections.Where(s => s.Type == ShtGnuVerneed))
            {
                var strings = LinkedStrings(sections, sec, r, ".gnu.version_r");
                var end = (long)(sec.Offset + sec.Size);
                var at = (long)sec.Offset;
                // sh_info holds the entry count; the walk follows vn_next and never leaves the section.
                for (var n = 0u; n < sec.Info; n++)
                {
                    if (at + VerneedSize > end) throw new ElfFormatException(path, ".gnu.version_r", $"Verneed entry {n} at 0x{at:x} runs past the section end 0x{end:x}");
                    var cnt = r.U16(at + 2, "vn_cnt");
                    var file = r.CString(strings, r.U32(at + 4, "vn_file"), "vn_file");
                    var aux = at + r.U32(at + 8, "vn_aux");
                    for (var k = 0; k < cnt; k++)
                    {
                        if (aux < (long)sec.Offset || aux + VernauxSize > end)
                            throw new ElfFormatException(path, ".gnu.version_r", $"Vernaux entry {k} of {file} at 0x{aux:x} lies outside the section 0x{sec.Offset:x}-0x{end:x}");
                        var flags = r.U16(aux + 4, "vna_flags");
                        var other = r.U16(aux + 6, "vna_other");
                        var name = r.CString(strings, r.U32(aux + 8, "vna_name"), "vna_name");
                        var symbols = symbolsByIndex.TryGetValue(other, out var s) ? (IReadOnlyList<string>)s : Array.Empty<string>();
                        var relocatedSymbols = relocatedByIndex.TryGetValue(other, out var rs) ? (IReadOnlyList<string>)rs : Array.Empty<string>();
                        needs.Add(new ElfVersionNeed(file, name, flags, other, aux + 4, symbols, relocatedSymbols));
                        aux += r.U32(aux + 12, "vna_next");
                    }
                    var next = r.U32(at + 12, "vn_next");
                    if (next == 0) break;
                    at += next;
                }
            }

            var definitions = new List<string>();
            foreach (var sec in sections.Where(s => s.Type == ShtGnuVerdef))
            {
                var strings = LinkedStrings(sections, sec, r, ".gnu.version_d");
                var end = (long)(sec.Offset + sec.Size);
                var at = (long)sec.Offset;
                for (var n = 0u; n < sec.Info; n++)
                {
                    if (at + VerdefSize > end) throw new ElfFormatException(path, ".gnu.version_d", $"Verdef entry {n} at 0x{at:x} runs past the section end 0x{end:x}");
                    var flags = r.U16(at + 2, "vd_flags");
                    var aux = at + r.U32(at + 12, "vd_aux");
                    if (aux < (long)sec.Offset || aux + VerdauxSize > end)
                        throw new ElfFormatException(path, ".gnu.version_d", $"Verdaux of entry {n} at 0x{aux:x} lies outside the section");
                    // The first Verdaux names the version; later ones name its predecessors (not definitions).
                    if ((flags & VerFlgBase) == 0) definitions.Add(r.CString(strings, r.U32(aux, "vda_name"), "vda_name"));
                    var next = r.U32(at + 16, "vd_next");
                    if (next == 0) break;
                    at += next;
                }
            }

            return new ElfFile(path, machine, needs, definitions);
        }

        private static void Add(Dictionary<ushort, List<string>> map, ushort key, string value)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = new List<string>();
            list.Add(value);
        }

        private static Section LinkedStrings(Section[] sections, Section owner, Reader r, string what)
        {
            if (owner.Link == 0 || owner.Link >= sections.Length)
                throw new ElfFormatException(r.Path, what + ".sh_link", $"expected the index of a string table (1-{sections.Length - 1}), found {owner.Link}");
            var s = sections[owner.Link];
            if (s.Type != 3 /* SHT_STRTAB */)
                throw new ElfFormatException(r.Path, what + ".sh_link", $"section {owner.Link} has type {s.Type}, expected 3 (SHT_STRTAB)");
            return s;
        }

        private sealed class Section
        {
            public Section(int index, uint type, ulong offset, ulong size, uint link, uint info)
            {
                Index = index; Type = type; Offset = offset; Size = size; Link = link; Info = info;
            }

            public int Index { get; }
            public uint Type { get; }
            public ulong Offset { get; }
            public ulong Size { get; }
            public uint Link { get; }
            public uint Info { get; }
        }

        /// <summary>Little-endian reads that fail with the field name instead of an IndexOutOfRangeException.</summary>
        private sealed class Reader
        {
            private readonly byte[] _b;

            public Reader(byte[] bytes, string path) { _b = bytes; Path = path; }

            public string Path { get; }

            public long Checked(ulong offset, ulong length, string field)
            {
                if (offset > (ulong)_b.Length || length > (ulong)_b.Length - offset)
                    throw new ElfFormatException(Path, field, $"{length} bytes at offset 0x{offset:x} run past the end of the {_b.Length}-byte file");
                return (long)offset;
            }

            public ushort U16(long at, string field)
            {
                Checked((ulong)at, 2, field);
                return (ushort)(_b[at] | _b[at + 1] << 8);
            }

            public uint U32(long at, string field)
            {
                Checked((ulong)at, 4, field);
                return (uint)(_b[at] | _b[at + 1] << 8 | _b[at + 2] << 16 | _b[at + 3] << 24);
            }

            public ulong U64(long at, string field) => U32(at, field) | (ulong)U32(at + 4, field) << 32;

            public string CString(Section table, uint offset, string field)
            {
                if (offset >= table.Size)
                    throw new ElfFormatException(Path, field, $"string offset {offset} is outside its string table (size {table.Size})");
                var start = (long)table.Offset + offset;
                var end = (long)(table.Offset + table.Size);
                var stop = start;
                while (stop < end && _b[stop] != 0) stop++;
                if (stop == end) throw new ElfFormatException(Path, field, $"string at offset {offset} is not NUL-terminated inside its string table");
                return Encoding.ASCII.GetString(_b, (int)start, (int)(stop - start));
            }
        }
    }

    /// <summary>What <see cref="LibStdCxxCompat.Plan"/> decided for one library.</summary>
    public enum LibStdCxxAction
    {
        /// <summary>Every required libstdc++ version is available (or the mode asks for nothing): leave the file alone.</summary>
        NothingToDo,
        /// <summary>The versions that need weakening are already weak (an earlier build patched this file).</summary>
        AlreadyPatched,
        /// <summary>Mark <see cref="LibStdCxxPlan.ToWeaken"/> weak.</summary>
        Patch,
        /// <summary>A missing version has symbols that relocations refer to: weakening would only move the failure to run time.</summary>
        Unsafe,
    }

    /// <summary>The decision for one libLibTorchSharp.so and the facts behind it (for the build log).</summary>
    public sealed class LibStdCxxPlan
    {
        internal LibStdCxxPlan(LibStdCxxAction action, IReadOnlyList<ElfVersionNeed> toWeaken, IReadOnlyList<ElfVersionNeed> missing, string? newestProvided)
        {
            Action = action;
            ToWeaken = toWeaken;
            Missing = missing;
            NewestProvided = newestProvided;
        }

        /// <summary>What to do.</summary>
        public LibStdCxxAction Action { get; }

        /// <summary>The Vernaux entries to mark weak (also the already-weak ones for <see cref="LibStdCxxAction.AlreadyPatched"/>).</summary>
        public IReadOnlyList<ElfVersionNeed> ToWeaken { get; }

        /// <summary>Required libstdc++ versions the machine's libstdc++ does not define (empty in "always" mode).</summary>
        public IReadOnlyList<ElfVersionNeed> Missing { get; }

        /// <summary>The newest GLIBCXX_ version the machine's libstdc++ defines, when it was consulted.</summary>
        public string? NewestProvided { get; }
    }

    /// <summary>
    /// Decides whether a library built against a newer libstdc++ can be made loadable by marking version needs weak,
    /// and applies that change to a private copy of the file.
    /// </summary>
    public static class LibStdCxxCompat
    {
        /// <summary>The soname every x86-64 / AArch64 Linux program links libstdc++ by.</summary>
        public const string LibStdCxxSoname = "libstdc++.so.6";


        /// <summary>
        /// Plans the patch. <paramref name="provided"/> are the version names the machine's libstdc++ defines;
        /// with <paramref name="always"/> the plan weakens every safe libstdc++ version need regardless
        /// (for outputs that will run on another machine) and <paramref name="provided"/> may be null.
        /// </summary>
        public static LibStdCxxPlan Plan(ElfFile library, ICollection<string>? provided, bool always)
        {
            if (!always && provided is null) throw new ArgumentNullException(nameof(provided), "The provided versions are needed unless 'always' is set.");
            var fromLibStdCxx = library.Needs.Where(n => n.Library == LibStdCxxSoname).ToList();
            var safe = fromLibStdCxx.Where(IsSafeToWeaken).ToList();
            var newest = provided is null ? null : NewestGlibcxx(provided);

            if (always)
            {
                var pending = safe.Where(n => !n.IsWeak).ToList();
                return pending.Count > 0
                    ? new LibStdCxxPlan(LibStdCxxAction.Patch, pending, Array.Empty<ElfVersionNeed>(), newest)
                    : new LibStdCxxPlan(safe.Count > 0 ? LibStdCxxAction.AlreadyPatched : LibStdCxxAction.NothingToDo, safe, Array.Empty<ElfVersionNeed>(), newest);
            }

            var missing = fromLibStdCxx.Where(n => !provided!.Contains(n.Version)).ToList();
            if (missing.Count == 0) return new LibStdCxxPlan(LibStdCxxAction.NothingToDo, Array.Empty<ElfVersionNeed>(), missing, newest);
            if (missing.Any(n => !IsSafeToWeaken(n))) return new LibStdCxxPlan(LibStdCxxAction.Unsafe, Array.Empty<ElfVersionNeed>(), missing, newest);
            var toWeaken = missing.Where(n => !n.IsWeak).ToList();
            return toWeaken.Count > 0
                ? new LibStdCxxPlan(LibStdCxxAction.Patch, toWeaken, missing, newest)
                : new LibStdCxxPlan(LibStdCxxAction.AlreadyPatched, missing, missing, newest);
        }

        /// <summary>
        /// True when no dynamic relocation refers to a symbol bound to the version, so the loader never has to
        /// resolve anything against it. That is the case GCC 13 creates: its &lt;iostream&gt; makes every includer
        /// reference std::ios_base_library_init (GLIBCXX_3.4.32) only so that the static linker pulls in the
        /// iostream initialiser; no code calls it and no relocation names it, and an older libstdc++ initialises
        /// its streams itself. A version whose symbols are relocated (called or used as data) is not safe.
        /// </summary>
        public static bool IsSafeToWeaken(ElfVersionNeed need) =>
            need.Library == LibStdCxxSoname && need.RelocatedSymbols.Count == 0;

        /// <summary>
        /// Writes a copy of <paramref name="path"/> with VER_FLG_WEAK set on <paramref name="needs"/> next to it and
        /// renames it over the original. Never writes into the original inode: build outputs are hard links into the
        /// NuGet cache, which must stay untouched. Keeps the original's last-write time so that MSBuild's
        /// unchanged-file check keeps skipping the copy (and the patched file) on later builds.
        /// </summary>
        public static void WriteWeakened(string path, IEnumerable<ElfVersionNeed> needs)
        {
            var full = System.IO.Path.GetFullPath(path);
            var dir = System.IO.Path.GetDirectoryName(full) ?? ".";
            var temp = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            var lastWrite = File.GetLastWriteTimeUtc(full);
            try
            {
                // File.Copy keeps the permission bits; the bytes are then changed in the private copy only.
                File.Copy(full, temp, true);
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                    var buffer = new byte[2];
                    foreach (var need in needs)
                    {
                        stream.Position = need.FlagsOffset;
                        if (stream.Read(buffer, 0, 2) != 2) throw new ElfFormatException(full, "vna_flags", $"offset 0x{need.FlagsOffset:x} is past the end of the file");
                        var flags = (ushort)(buffer[0] | buffer[1] << 8);
                        if (flags != need.Flags)
                            throw new ElfFormatException(full, "vna_flags", $"expected 0x{need.Flags:x} at 0x{need.FlagsOffset:x} for {need.Version}, found 0x{flags:x} (the file changed while it was being patched)");
                        flags |= ElfFile.VerFlgWeak;
                        stream.Position = need.FlagsOffset;
                        stream.Write(new[] { (byte)flags, (byte)(flags >> 8) }, 0, 2);
                    }
                    stream.Flush(true);
                }
                File.SetLastWriteTimeUtc(temp, lastWrite);
                // rename(2): atomic, and it replaces the directory entry, not the inode that the cache shares.
                File.Replace(temp, full, null);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>The highest GLIBCXX_x.y.z in <paramref name="versions"/> (numeric comparison), or null.</summary>
        public static string? NewestGlibcxx(IEnumerable<string> versions) =>
            versions.Where(v => v.StartsWith("GLIBCXX_", StringComparison.Ordinal))
                    .OrderBy(v => v, Comparer<string>.Create(CompareVersionNames))
                    .LastOrDefault();

        /// <summary>Compares "GLIBCXX_3.4.9" and "GLIBCXX_3.4.30" by their numbers (ordinal when the prefixes differ).</summary>
        public static int CompareVersionNames(string a, string b)
        {
            var pa = a.LastIndexOf('_');
            var pb = b.LastIndexOf('_');
            var prefix = string.CompareOrdinal(a.Substring(0, pa + 1), b.Substring(0, pb + 1));
            if (prefix != 0) return prefix;
            var na = a.Substring(pa + 1).Split('.');
            var nb = b.Substring(pb + 1).Split('.');
            for (var i = 0; i < Math.Max(na.Length, nb.Length); i++)
            {
                var x = i < na.Length && int.TryParse(na[i], out var xi) ? xi : -1;
                var y = i < nb.Length && int.TryParse(nb[i], out var yi) ? yi : -1;
                if (x != y) return x.CompareTo(y);
            }
            return 0;
        }

        /// <summary>
        /// The libstdc++.so.6 that the dynamic loader would give a process on this machine for a library of
        /// <paramref name="machine"/> (e_machine): LD_LIBRARY_PATH first, then the ld.so cache (ldconfig -p),
        /// then the standard multiarch and lib64 folders. Null when none is found; <paramref name="searched"/>
        /// lists where it looked.
        /// </summary>
        public static string? FindLibStdCxx(ushort machine, out IReadOnlyList<string> searched)
        {
            var candidates = new List<string>();
            var ldLibraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(ldLibraryPath))
                candidates.AddRange(ldLibraryPath!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries).Select(d => System.IO.Path.Combine(d, LibStdCxxSoname)));
            candidates.AddRange(LdconfigEntries());
            var multiarch = machine == ElfFile.MachineAArch64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
            foreach (var dir in new[] { $"/lib/{multiarch}", $"/usr/lib/{multiarch}", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib64", "/usr/local/lib" })
                candidates.Add(dir + "/" + LibStdCxxSoname);

            var seen = new List<string>();
            foreach (var candidate in candidates)
            {
                if (seen.Contains(candidate)) continue;
                seen.Add(candidate);
                if (File.Exists(candidate) && ElfFile.TryReadMachine(candidate) == machine)
                {
                    searched = seen;
                    return candidate;
                }
            }
            searched = seen;
            return null;
        }

        /// <summary>libstdc++.so.6 paths listed by `ldconfig -p` (the loader's cache), in cache order; empty when ldconfig is unavailable.</summary>
        private static IEnumerable<string> LdconfigEntries()
        {
            // ldconfig lives in /sbin on Debian, which is not on a normal user's PATH.
            foreach (var exe in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
            {
                if (exe.StartsWith("/", StringComparison.Ordinal) && !File.Exists(exe)) continue;
                string output;
                try
                {
                    var start = new ProcessStartInfo(exe, "-p") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                    using var process = Process.Start(start);
                    if (process is null) continue;
                    var stderr = process.StandardError.ReadToEndAsync();
                    output = process.StandardOutput.ReadToEnd();
                    if (!process.WaitForExit(10000)) { try { process.Kill(); } catch (InvalidOperationException) { } continue; }
                    stderr.Wait();
                    if (process.ExitCode != 0) continue;
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is IOException || e is InvalidOperationException)
                {
                    continue;
                }
                // Lines look like: "\tlibstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
                return output.Split('\n')
                    .Select(line => line.Trim())
                    .Where(line => line.StartsWith(LibStdCxxSoname + " ", StringComparison.Ordinal))
                    .Select(line => line.Substring(line.LastIndexOf("=>", StringComparison.Ordinal) + 2).Trim())
                    .Where(p => p.StartsWith("/", StringComparison.Ordinal))
                    .ToList();
            }
            return Array.Empty<string>();
        }
    }
}

#if !VNETATRIA_ELF_CORE_ONLY
namespace VNetAtria.Build
{
    using Microsoft.Build.Framework;
    using Microsoft.Build.Utilities;

    /// <summary>
    /// MSBuild task: for each libLibTorchSharp.so in <see cref="Files"/>, marks the libstdc++ version needs that this
    /// machine's libstdc++ lacks as weak (only when no relocation refers to a symbol behind them).
    /// </summary>
    public sealed class WeakenMissingLibStdCxxVersions : Task
    {
        /// <summary>The copied libraries to check (build or publish output).</summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>"auto" (patch only what this machine lacks) or "always" (weaken every safe need, for outputs run elsewhere).</summary>
        public string Mode { get; set; } = "auto";

        /// <summary>Optional: the libstdc++.so.6 to compare with instead of the one the loader would pick here.</summary>
        public string LibStdCxxPath { get; set; } = "";

        /// <inheritdoc />
        public override bool Execute()
        {
            var mode = (Mode ?? "auto").Trim().ToLowerInvariant();
            if (mode != "auto" && mode != "always" && mode != "true")
            {
                Log.LogError($"VNetAtria: VNetAtriaPatchLibTorchSharp is '{Mode}'; expected auto (default), always, or false.");
                return false;
            }
            var always = mode == "always";
            foreach (var item in Files)
            {
                var path = item.GetMetadata("FullPath");
                if (!File.Exists(path)) continue;
                try
                {
                    Check(path, always);
                }
                catch (Exception e) when (e is ElfFormatException || e is IOException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning(null, "VNA1002", null, path, 0, 0, 0, 0,
                        $"VNetAtria: could not check or patch {path}: {e.Message}. TorchSharp may fail to load; build with -p:VNetAtriaPatchLibTorchSharp=false to skip this step.");
                }
            }
            return !Log.HasLoggedErrors;
        }

        private void Check(string path, bool always)
        {
            var library = ElfFile.Read(path);
            ICollection<string>? provided = null;
            string? libStdCxx = null;
            if (!always)
            {
                IReadOnlyList<string> searched = new[] { LibStdCxxPath };
                libStdCxx = string.IsNullOrWhiteSpace(LibStdCxxPath) ? LibStdCxxCompat.FindLibStdCxx(library.Machine, out searched) : LibStdCxxPath;
                if (libStdCxx is null || !File.Exists(libStdCxx))
                {
                    Log.LogMessage(MessageImportance.High,
                        $"VNetAtria: found no {library.MachineName} {LibStdCxxCompat.LibStdCxxSoname} on this machine (searched {string.Join(", ", searched)}); left {path} as it is.");
                    return;
                }
                provided = new HashSet<string>(ElfFile.Read(libStdCxx).Definitions);
            }

            var plan = LibStdCxxCompat.Plan(library, provided, always);
            var versions = string.Join(", ", plan.ToWeaken.Select(n => n.Version));
            var whose = string.IsNullOrWhiteSpace(LibStdCxxPath) ? "this machine's libstdc++" : "the libstdc++ given by VNetAtriaLibStdCxxPath";
            var reason = always ? "VNetAtriaPatchLibTorchSharp=always" : $"{whose} ({libStdCxx}) provides up to {plan.NewestProvided ?? "no GLIBCXX version"}";
            switch (plan.Action)
            {
                case LibStdCxxAction.NothingToDo:
                    Log.LogMessage(MessageImportance.Low, $"VNetAtria: {path} needs no patch: {(always ? "no safe libstdc++ version needs" : $"this machine's libstdc++ ({libStdCxx}) has every version it requires")}.");
                    break;
                case LibStdCxxAction.AlreadyPatched:
                    Log.LogMessage(MessageImportance.Low, $"VNetAtria: {path} already has {versions} marked weak.");
                    break;
                case LibStdCxxAction.Patch:
                    LibStdCxxCompat.WriteWeakened(path, plan.ToWeaken);
                    Log.LogMessage(MessageImportance.High, $"VNetAtria: marked {versions} weak in {path} because {reason}.");
                    break;
                case LibStdCxxAction.Unsafe:
                    var detail = string.Join("; ", plan.Missing.Where(n => !LibStdCxxCompat.IsSafeToWeaken(n)).Select(n => $"{n.Version} (used by " +
                        $"{string.Join(", ", n.RelocatedSymbols.Take(5))}{(n.RelocatedSymbols.Count > 5 ? ", ..." : "")})"));
                    Log.LogWarning(null, "VNA1001", null, path, 0, 0, 0, 0,
                        $"VNetAtria: {path} requires libstdc++ versions that are missing ({reason}): {detail}. Relocations refer to their symbols, so the loader needs them and marking them weak would only move the failure to run " +
                            $"time; left the file as it is. Install a newer libstdc++ or use a TorchSharp build made with an older GCC.");
                    break;
            }
        }
    }
}
#endif
