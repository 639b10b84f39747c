using System.Diagnostics;
using System.Numerics;
using System.Text;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nrrd;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>Small volumes with known voxels, hand-written NRRD files and the teem `unu` tool for NRRD tests.</summary>
internal static class NrrdTestData
{
    public static readonly VoxelType[] AllTypes = Enum.GetValues<VoxelType>();

    /// <summary>
    /// A volume whose voxels differ in every byte position (so a byte-order mistake shows) and stay exactly
    /// printable with 6 significant digits (so unu's ascii output is exact): value i maps to i*2654435761 truncated
    /// for integers and to a multiple of 0.25 in [-40, 40) for floats.
    /// </summary>
    public static IVolume Pattern(VoxelType type, Shape3 shape, VolumeGeometry? geometry = null, IReadOnlyDictionary<string, string>? metadata = null) => type switch
    {
        VoxelType.UInt8 => Pattern<byte>(shape, geometry, metadata),
        VoxelType.Int8 => Pattern<sbyte>(shape, geometry, metadata),
        VoxelType.UInt16 => Pattern<ushort>(shape, geometry, metadata),
        VoxelType.Int16 => Pattern<short>(shape, geometry, metadata),
        VoxelType.UInt32 => Pattern<uint>(shape, geometry, metadata),
        VoxelType.Int32 => Pattern<int>(shape, geometry, metadata),
        VoxelType.UInt64 => Pattern<ulong>(shape, geometry, metadata),
        VoxelType.Int64 => Pattern<long>(shape, geometry, metadata),
        VoxelType.Float32 => Pattern<float>(shape, geometry, metadata),
        _ => Pattern<double>(shape, geometry, metadata),
    };

    public static Volume<T> Pattern<T>(Shape3 shape, VolumeGeometry? geometry = null, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, INumber<T>
    {
        var data = new T[shape.VoxelCount];
        var isFloat = typeof(T) == typeof(float) || typeof(T) == typeof(double);
        for (var i = 0; i < data.Length; i++)
        {
            var mixed = unchecked((ulong)(i + 1) * 0x9E3779B97F4A7C15UL);
            data[i] = isFloat ? T.CreateChecked((int)(mixed >> 57) * 0.25 - 16) : T.CreateTruncating(mixed >> 3);
        }
        return new Volume<T>(shape, data, geometry, metadata);
    }

    /// <summary>Writes a hand-made NRRD: the header lines joined by "\n", then the data bytes.</summary>
    public static string WriteNrrd(string dir, string name, string header, ReadOnlySpan<byte> data = default)
    {
        var path = Path.Combine(dir, name);
        using var s = File.Create(path);
        s.Write(Encoding.UTF8.GetBytes(header));
        s.Write(data);
        return path;
    }

    /// <summary>A minimal valid attached header for a W x H x D volume, with extra lines before the blank line.</summary>
    public static string Header(string type, string sizes, string encoding = "raw", string extra = "", int dimension = 3, string endian = "little") =>
        $"NRRD0004\ntype: {type}\ndimension: {dimension}\nsizes: {sizes}\nencoding: {encoding}\n" +
        (endian.Length > 0 ? $"endian: {endian}\n" : "") + extra + "\n";

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, true)) gz.Write(data);
        return ms.ToArray();
    }

    public static VolumeFormatException ReadFails(string path, string? field, NrrdReadOptions? options = null)
    {
        var e = Assert.Throws<VolumeFormatException>(() => NrrdReader.Read(path, options));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(field, e.Field);
        return e;
    }
}

/// <summary>The teem `unu` command line tool (Debian teem-apps), when installed: an independent NRRD implementation.</summary>
internal static class Unu
{
    public const string Path = "/usr/bin/teem-unu";

    public static void Require()
    {
        if (!File.Exists(Path)) Assert.Skip($"{Path} is not installed (Debian package teem-apps); CI installs it.");
    }

    /// <summary>Runs unu with the arguments and returns its standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string workingDirectory, params string[] args)
    {
        var (exitCode, stdout, stderr) = TryRun(workingDirectory, args);
        Assert.True(exitCode == 0, $"unu {string.Join(' ', args)} failed ({exitCode}): {stderr}");
        return stdout;
    }

    /// <summary>Runs unu with the arguments and returns its exit code and output, whatever the exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) TryRun(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(Path) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    /// <summary>
    /// Asks unu to read a NRRD file completely (header and every data file) by re-saving it as raw little-endian
    /// data; on success the voxels are in <c>&lt;outStem&gt;.raw</c> and the fields unu parsed in <c>&lt;outStem&gt;.nhdr</c>.
    /// </summary>
    public static (int ExitCode, string Stderr) TryRead(string workingDirectory, string file, string outStem = "unu-out")
    {
        var (code, _, stderr) = TryRun(workingDirectory, "save", "-f", "nrrd", "-e", "raw", "-en", "little", "-i", file, "-o", outStem + ".nhdr");
        return (code, stderr);
    }
}
