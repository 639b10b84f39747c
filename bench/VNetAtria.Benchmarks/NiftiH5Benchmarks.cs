using BenchmarkDotNet.Attributes;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Hdf5;
using VNetAtria.Imaging.Formats.Nifti;

namespace VNetAtria.Benchmarks;

/// <summary>
/// NIfTI-1 read/write of a LASC-sized label map (88 x 640 x 640 uint8) and UA-MT .h5 case reading.
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*NiftiH5*'
/// The .h5 case is the first real one under ../shared/data/la2018-h5-sample when present, else a synthetic
/// case of the same size written by UamtH5.Write (different chunking, so numbers differ).
/// </summary>
[MemoryDiagnoser]
public class NiftiH5Benchmarks
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vnetatria-bench-{Guid.NewGuid():N}");
    private Volume<byte> _label = null!;
    private string _nii = "", _niiGz = "", _h5 = "";

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(_dir);
        var shape = new Shape3(88, 640, 640);
        var data = new byte[shape.VoxelCount];
        // A centred ellipsoid: compressible like a real label map.
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                {
                    double z = (d - 44) / 30.0, y = (h - 320) / 90.0, x = (w - 320) / 110.0;
                    data[shape.Offset(d, h, w)] = (byte)(x * x + y * y + z * z <= 1 ? 1 : 0);
                }
        _label = new Volume<byte>(shape, data, VolumeGeometry.WithSpacingOnly(Spacing3.Lasc));
        _nii = Path.Combine(_dir, "label.nii");
        _niiGz = Path.Combine(_dir, "label.nii.gz");
        NiftiWriter.Write(_nii, _label);
        NiftiWriter.Write(_niiGz, _label);

        var shared = SharedCases();
        var real = shared is not null ? Directory.GetFiles(shared, "mri_norm2.h5", SearchOption.AllDirectories).Order().FirstOrDefault() : null;
        if (real is not null)
        {
            _h5 = real;
        }
        else
        {
            var s = new Shape3(88, 140, 183);
            var image = new Volume<float>(s, Enumerable.Range(0, (int)s.VoxelCount).Select(i => MathF.Sin(i * 0.001f)).ToArray());
            var lab = new Volume<byte>(s, Enumerable.Range(0, (int)s.VoxelCount).Select(i => (byte)(i % 7 == 0 ? 1 : 0)).ToArray());
            _h5 = Path.Combine(_dir, "case.h5");
            UamtH5.Write(_h5, image, lab);
        }
    }

    /// <summary>$VNETATRIA_SHARED_DATA or ../shared/data beside the repository (found by walking up to VNetAtria.sln).</summary>
    private static string? SharedCases()
    {
        var root = Environment.GetEnvironmentVariable("VNETATRIA_SHARED_DATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VNetAtria.sln"))) root = Path.Combine(dir.FullName, "..", "shared", "data");
        var cases = root is null ? null : Path.Combine(root, "la2018-h5-sample");
        return cases is not null && Directory.Exists(cases) ? cases : null;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    /// <summary>Write 36 MB uncompressed.</summary>
    [Benchmark]
    public void WriteNii() => NiftiWriter.Write(Path.Combine(_dir, "w.nii"), _label);

    /// <summary>Write with deterministic gzip.</summary>
    [Benchmark]
    public void WriteNiiGz() => NiftiWriter.Write(Path.Combine(_dir, "w.nii.gz"), _label);

    /// <summary>Read uncompressed.</summary>
    [Benchmark]
    public IVolume ReadNii() => NiftiReader.Read(_nii);

    /// <summary>Read gzip with CRC check (SharpZipLib inflater).</summary>
    [Benchmark]
    public IVolume ReadNiiGz() => NiftiReader.Read(_niiGz);

    /// <summary>Read image and label of one UA-MT case, transposed to (D, H, W).</summary>
    [Benchmark]
    public UamtCase ReadUamtCase() => UamtH5.ReadCase(_h5);
}
