using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;

namespace VNetAtria.Benchmarks;

/// <summary>
/// NRRD read and write of a LASC-sized volume (88 x 640 x 640 uint8, 36 MB) in gzip and raw, against plain
/// GZipStream compression and decompression of the same bytes (zlib-ng's own speed, the target for gzip).
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*Nrrd*' --job short
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class NrrdBenchmarks
{
    private const int Depth = 88, Height = 640, Width = 640;

    private string _dir = "";
    private Volume<byte> _volume = null!;
    private byte[] _compressed = [];
    private byte[] _decompressed = [];

    /// <summary>Bytes each operation moves (the uncompressed volume), for the MB/s column.</summary>
    public static long VolumeBytes => (long)Depth * Height * Width;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"vnetatria-nrrd-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(_dir);
        _volume = LgeLikeVolume(seed: 2018);
        NrrdWriter.Write(Path.Combine(_dir, "read.gz.nrrd"), _volume);
        NrrdWriter.Write(Path.Combine(_dir, "read.raw.nrrd"), _volume, new NrrdWriteOptions { Encoding = NrrdEncoding.Raw });
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true)) gz.Write(_volume.Data);
        _compressed = ms.ToArray();
        _decompressed = new byte[VolumeBytes];
        Console.WriteLine($"// gzip level 6: {VolumeBytes} -> {_compressed.Length} bytes (ratio {(double)VolumeBytes / _compressed.Length:F2})");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>zlib-ng decompression alone, from memory into a preallocated array.</summary>
    [Benchmark(Baseline = true)]
    public int GZipStreamDecompress()
    {
        using var gz = new GZipStream(new MemoryStream(_compressed), CompressionMode.Decompress);
        gz.ReadExactly(_decompressed);
        return _decompressed[^1];
    }

    /// <summary>zlib-ng compression alone (level 6), from memory into memory.</summary>
    [Benchmark]
    public long GZipStreamCompress()
    {
        var ms = new MemoryStream(_compressed.Length + (1 << 20));
        using (var gz = new GZipStream(ms, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true)) gz.Write(_volume.Data);
        return ms.Length;
    }

    /// <summary>NRRD gzip read from disk: header, decompression into the volume, CRC32 and length check.</summary>
    [Benchmark]
    public IVolume ReadGzip() => NrrdReader.Read(Path.Combine(_dir, "read.gz.nrrd"));

    /// <summary>NRRD gzip write to disk (atomic: temporary file, flush to disk, rename).</summary>
    [Benchmark]
    public void WriteGzip() => NrrdWriter.Write(Path.Combine(_dir, "write.gz.nrrd"), _volume);

    /// <summary>NRRD raw read from disk (page cache).</summary>
    [Benchmark]
    public IVolume ReadRaw() => NrrdReader.Read(Path.Combine(_dir, "read.raw.nrrd"));

    /// <summary>NRRD raw write to disk (atomic, flushed).</summary>
    [Benchmark]
    public void WriteRaw() => NrrdWriter.Write(Path.Combine(_dir, "write.raw.nrrd"), _volume, new NrrdWriteOptions { Encoding = NrrdEncoding.Raw });

    /// <summary>
    /// Something like an LGE-MRI: a dark background, a few bright smooth blobs (chambers, enhanced wall) and
    /// noise, so that gzip has realistic work to do (neither all zeros nor incompressible).
    /// </summary>
    internal static Volume<byte> LgeLikeVolume(int seed)
    {
        var rng = new Random(seed);
        var blobs = Enumerable.Range(0, 6).Select(_ => (
            D: rng.NextDouble() * Depth, H: rng.NextDouble() * Height, W: rng.NextDouble() * Width,
            R: 40 + rng.NextDouble() * 120, A: 60 + rng.NextDouble() * 120)).ToArray();
        var data = new byte[VolumeBytes];
        var noise = new byte[Width];
        var row = new double[Width];
        for (var d = 0; d < Depth; d++)
            for (var h = 0; h < Height; h++)
            {
                Array.Fill(row, 20.0);
                foreach (var b in blobs)
                {
                    // Slices are 2.5 x as far apart as rows and columns (LASC: 0.625 mm in-plane, about 1.25-2.5 mm between slices).
                    var dd = (d - b.D) * 2.5;
                    var dh = h - b.H;
                    var rest = dd * dd + dh * dh;
                    if (rest > 9 * b.R * b.R) continue;
                    for (var w = 0; w < Width; w++)
                    {
                        var dw = w - b.W;
                        row[w] += b.A * Math.Exp(-(rest + dw * dw) / (2 * b.R * b.R));
                    }
                }
                rng.NextBytes(noise);
                var offset = ((long)d * Height + h) * Width;
                for (var w = 0; w < Width; w++)
                {
                    // Noise grows with the signal (Rician-like): about +-2 in the dark background, +-12 in bright blobs.
                    var amplitude = 2 + (int)(row[w] / 20);
                    data[offset + w] = (byte)Math.Clamp(row[w] + noise[w] % (2 * amplitude + 1) - amplitude, 0, 255);
                }
            }
        return new Volume<byte>(new Shape3(Depth, Height, Width), data, VolumeGeometry.WithSpacingOnly(Spacing3.Lasc));
    }

    /// <summary>Adds an MB/s column (uncompressed volume bytes per second of mean time).</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn());
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Uncompressed megabytes (10^6 bytes) per second, from the mean time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var stats = summary[benchmarkCase]?.ResultStatistics;
            return stats is null ? "-" : (VolumeBytes / (stats.Mean * 1e-9) / 1e6).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
