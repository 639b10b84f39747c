using System.Buffers.Binary;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;
using static VNetAtria.Tests.Imaging.Formats.Nrrd.NrrdTestData;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>
/// Interoperability with teem's own `unu` (the NRRD reference implementation): files unu writes decode to the
/// same voxels, and unu reads what we write. Skipped where teem-apps is not installed.
/// </summary>
public sealed class NrrdTeemInteropTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly VolumeGeometry Tilted = new()
    {
        Spacing = new Spacing3(3, 0.5, 1.25),
        AxisW = new Vector3d(0.6, 0, -0.8),
        AxisH = new Vector3d(0, -1, 0),
        AxisD = new Vector3d(-0.8, 0, -0.6),
        Origin = new Vector3d(7.5, -3.25, 120),
    };

    public static TheoryData<VoxelType, string> UnuEncodings()
    {
        var data = new TheoryData<VoxelType, string>();
        foreach (var t in AllTypes) data.Add(t, "gzip");
        foreach (var e in new[] { "raw", "bzip2", "ascii", "hex" })
        {
            data.Add(VoxelType.Int16, e);
            data.Add(VoxelType.Float64, e);
        }
        data.Add(VoxelType.UInt8, "ascii");
        return data;
    }

    [Theory]
    [MemberData(nameof(UnuEncodings))]
    public void Files_unu_saves_in_any_encoding_and_big_endian_decode_to_the_same_voxels_and_geometry(VoxelType type, string encoding)
    {
        Unu.Require();
        var volume = Pattern(type, new Shape3(3, 4, 5), Tilted);
        NrrdWriter.Write(Path.Combine(_dir, "ours.nrrd"), volume, new NrrdWriteOptions { Encoding = NrrdEncoding.Raw });

        // teem 1.12's unu swaps the values it prints as ascii when asked for big endian (ascii has no byte order),
        // so ascii is saved in this machine's order.
        var endian = encoding == "ascii" ? "little" : "big";
        Unu.Run(_dir, "save", "-f", "nrrd", "-e", encoding, "-en", endian, "-i", "ours.nrrd", "-o", "theirs.nrrd");
        var theirs = NrrdReader.ReadWithHeader(Path.Combine(_dir, "theirs.nrrd"));

        if (type.SizeOf() > 1 && encoding != "ascii") Assert.Equal(NrrdEndian.Big, theirs.Header.Endian);
        Assert.Equal(type, theirs.Volume.VoxelType);
        Assert.True(volume.AsBytes().SequenceEqual(theirs.Volume.AsBytes()));
        Assert.True(theirs.Volume.Geometry.ApproximatelyEquals(Tilted, 1e-9, 1e-12, 1e-12), theirs.Volume.Geometry.ToString());
    }

    [Theory]
    [InlineData("float", VoxelType.Float32)]
    [InlineData("double", VoxelType.Float64)]
    [InlineData("int", VoxelType.Int32)]
    [InlineData("longlong", VoxelType.Int64)]
    public void Types_unu_converts_to_hold_the_converted_voxels(string unuType, VoxelType expected)
    {
        Unu.Require();
        var volume = Pattern<short>(new Shape3(2, 3, 4));
        NrrdWriter.Write(Path.Combine(_dir, "ours.nrrd"), volume);

        Unu.Run(_dir, "convert", "-t", unuType, "-i", "ours.nrrd", "-o", "converted.nrrd");
        var converted = NrrdReader.Read(Path.Combine(_dir, "converted.nrrd"));

        Assert.Equal(expected, converted.VoxelType);
        // Every int16 value is exact in these types, so the cast is exact.
        Assert.Equal(volume.Data.Select(v => (double)v), converted.ConvertTo<double>().Data);
    }

    [Fact]
    public void Detached_headers_unu_makes_for_one_file_a_list_or_a_pattern_read_the_same_voxels()
    {
        Unu.Require();
        var volume = Pattern<short>(new Shape3(3, 2, 2));
        var bigEndian = new byte[volume.Data.Length * 2];
        for (var i = 0; i < volume.Data.Length; i++) BinaryPrimitives.WriteInt16BigEndian(bigEndian.AsSpan(2 * i), volume.Data[i]);
        File.WriteAllBytes(Path.Combine(_dir, "all.raw"), bigEndian);
        for (var d = 0; d < 3; d++) File.WriteAllBytes(Path.Combine(_dir, $"s{d:D3}.raw"), bigEndian[(8 * d)..(8 * d + 8)]);
        string[] common = ["-t", "short", "-s", "2", "2", "3", "-e", "raw", "-en", "big", "-spc", "RAS", "-dirs", "(1,0,0) (0,2,0) (0,0,3)", "-orig", "(1,2,3)"];

        Unu.Run(_dir, ["make", "-h", "-i", "all.raw", .. common, "-o", "one.nhdr"]);
        Unu.Run(_dir, ["make", "-h", "-i", "s000.raw", "s001.raw", "s002.raw", .. common, "-o", "list.nhdr"]);
        Unu.Run(_dir, ["make", "-h", "-i", "s%03d.raw", "0", "2", "1", .. common, "-o", "pattern.nhdr"]);

        Assert.Contains("data file: LIST", File.ReadAllLines(Path.Combine(_dir, "list.nhdr")));
        Assert.Contains("data file: s%03d.raw 0 2 1", File.ReadAllLines(Path.Combine(_dir, "pattern.nhdr")));
        foreach (var name in new[] { "one.nhdr", "list.nhdr", "pattern.nhdr" })
        {
            var read = NrrdReader.Read(Path.Combine(_dir, name)).As<short>();
            Assert.Equal(volume.Data, read.Data);
            Assert.Equal(new Spacing3(3, 2, 1), read.Geometry.Spacing);
            Assert.Equal(new Vector3d(-1, -2, 3), read.Geometry.Origin); // RAS (1,2,3) in LPS
            Assert.Equal(new Vector3d(-1, 0, 0), read.Geometry.AxisW);
        }
    }

    [Theory]
    [InlineData("ours.nrrd", NrrdEncoding.Gzip)]
    [InlineData("ours.nrrd", NrrdEncoding.Raw)]
    [InlineData("ours.nhdr", NrrdEncoding.Gzip)]
    [InlineData("ours.nhdr", NrrdEncoding.Raw)]
    public void Unu_reads_our_files_with_the_same_voxels_geometry_and_key_values(string name, NrrdEncoding encoding)
    {
        Unu.Require();
        var metadata = new Dictionary<string, string> { ["note"] = "two\nlines \\ here" };
        var volume = Pattern<float>(new Shape3(3, 4, 5), Tilted, metadata);
        NrrdWriter.Write(Path.Combine(_dir, name), volume, new NrrdWriteOptions { Encoding = encoding });

        var head = Unu.Run(_dir, "head", name);
        Assert.Contains("space: left-posterior-superior", head);
        Assert.Contains("sizes: 5 4 3", head);

        // unu re-saves raw little-endian data to back.raw and re-emits the fields it parsed from our header.
        Unu.Run(_dir, "save", "-f", "nrrd", "-e", "raw", "-en", "little", "-i", name, "-o", "back.nhdr");
        Assert.Equal(volume.AsBytes().ToArray(), File.ReadAllBytes(Path.Combine(_dir, "back.raw")));
        var back = NrrdReader.Read(Path.Combine(_dir, "back.nhdr"));
        Assert.True(back.Geometry.ApproximatelyEquals(Tilted, 1e-9, 1e-12, 1e-12), back.Geometry.ToString());
        Assert.Equal(metadata.ToList(), back.Metadata.ToList());
    }

    [Fact]
    public void Slicer_ct_voxels_match_what_unu_decodes()
    {
        Unu.Require();
        var sample = TestPaths.RequireSharedData(Path.Combine("nrrd-samples", "slicer-ct", "CTChest4.nrrd"));

        Unu.Run(_dir, "save", "-f", "nrrd", "-e", "raw", "-en", "little", "-i", sample, "-o", "ct.nhdr");

        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "ct.raw")), NrrdReader.Read(sample).AsBytes().ToArray());
    }
}
