using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;
using static VNetAtria.Tests.Imaging.Formats.Nrrd.NrrdTestData;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

public class NrrdRoundTripTests
{
    // An oblique, permuted frame with a negative axis: W runs mostly along -y, H along +x rotated 30 degrees about z, D along -z.
    private static readonly VolumeGeometry Oblique = new()
    {
        Spacing = new Spacing3(2.5, 0.75, 0.625),
        AxisW = new Vector3d(-0.5, -Math.Sqrt(3) / 2, 0),
        AxisH = new Vector3d(Math.Sqrt(3) / 2, -0.5, 0),
        AxisD = new Vector3d(0, 0, -1),
        Origin = new Vector3d(-12.5, 101.25, 33.0625),
    };

    private static readonly Dictionary<string, string> Metadata = new()
    {
        ["modality"] = "LGE-MRI",
        ["multi line"] = "first\nsecond \\ with backslash",
        ["Segment0_Name"] = "left atrium",
        ["empty"] = "",
    };

    public static TheoryData<VoxelType, NrrdEncoding, bool> Cases()
    {
        var data = new TheoryData<VoxelType, NrrdEncoding, bool>();
        foreach (var t in AllTypes)
            foreach (var e in new[] { NrrdEncoding.Raw, NrrdEncoding.Gzip })
                foreach (var detached in new[] { false, true })
                    data.Add(t, e, detached);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_type_round_trips_voxels_geometry_and_metadata(VoxelType type, NrrdEncoding encoding, bool detached)
    {
        var dir = TestPaths.NewTempDir();
        var volume = Pattern(type, new Shape3(3, 4, 5), Oblique, Metadata);
        var path = Path.Combine(dir, detached ? "v.nhdr" : "v.nrrd");

        NrrdWriter.Write(path, volume, new NrrdWriteOptions { Encoding = encoding });
        var back = NrrdReader.Read(path);

        Assert.Equal(type, back.VoxelType);
        Assert.Equal(volume.Shape, back.Shape);
        Assert.True(volume.AsBytes().SequenceEqual(back.AsBytes()));
        Assert.True(back.Geometry.ApproximatelyEquals(Oblique, 1e-12, 1e-14, 1e-14), back.Geometry.ToString());
        Assert.Equal("left-posterior-superior", back.Geometry.SourceSpace);
        Assert.Equal(Metadata.ToList(), back.Metadata.ToList());
        var expectedFiles = detached ? new[] { "v.nhdr", encoding == NrrdEncoding.Gzip ? "v.raw.gz" : "v.raw" } : ["v.nrrd"];
        Assert.Equal(expectedFiles.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Gzip_output_is_byte_identical_for_the_same_volume_and_has_no_time_stamp()
    {
        var dir = TestPaths.NewTempDir();
        var volume = Pattern<short>(new Shape3(4, 6, 8), Oblique);
        NrrdWriter.Write(Path.Combine(dir, "a.nrrd"), volume);
        NrrdWriter.Write(Path.Combine(dir, "b.nrrd"), volume.Clone());

        var a = File.ReadAllBytes(Path.Combine(dir, "a.nrrd"));
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(dir, "b.nrrd")));
        var gzipStart = a.AsSpan().IndexOf("\n\n"u8) + 2;
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0 }, a[gzipStart..(gzipStart + 8)]); // magic, deflate, no flags, MTIME 0
        Assert.Equal(255, a[gzipStart + 9]); // OS unknown, whatever platform wrote it
    }

    [Fact]
    public void Writer_header_places_the_volume_as_slicer_expects()
    {
        var dir = TestPaths.NewTempDir();
        var volume = Pattern<byte>(new Shape3(2, 3, 4), Oblique, new Dictionary<string, string> { ["a"] = "x\ny" });
        var path = Path.Combine(dir, "v.nhdr");
        NrrdWriter.Write(path, volume, new NrrdWriteOptions { Encoding = NrrdEncoding.Raw });

        var lines = File.ReadAllLines(path);
        Assert.Equal("NRRD0004", lines[0]);
        Assert.Contains("type: unsigned char", lines);
        Assert.Contains("dimension: 3", lines);
        Assert.Contains("space: left-posterior-superior", lines);
        Assert.Contains("sizes: 4 3 2", lines); // W H D
        // Direction of W = AxisW * 0.625 = (-0.3125, -0.541265877365274, 0); H = AxisH * 0.75; D = (0, 0, -2.5).
        var directions = lines.Single(l => l.StartsWith("space directions: ")).Split(' ')[2..];
        Assert.Equal(3, directions.Length);
        Assert.StartsWith("(-0.3125,-0.5412658773652", directions[0]);
        Assert.StartsWith("(0.6495190528383", directions[1]);
        Assert.Equal("(0,0,-2.5)", directions[2]);
        Assert.Contains("kinds: domain domain domain", lines);
        Assert.Contains("endian: little", lines);
        Assert.Contains("encoding: raw", lines);
        Assert.Contains("space origin: (-12.5,101.25,33.0625)", lines);
        Assert.Contains("a:=x\\ny", lines);
        Assert.Equal("data file: v.raw", lines[^1]);
        Assert.Equal(volume.Data, File.ReadAllBytes(Path.Combine(dir, "v.raw")));
    }

    [Fact]
    public void Detached_on_request_writes_the_data_beside_a_nrrd_named_header()
    {
        var dir = TestPaths.NewTempDir();
        var volume = Pattern<float>(new Shape3(2, 2, 2));
        NrrdWriter.Write(Path.Combine(dir, "case.nrrd"), volume, new NrrdWriteOptions { Detached = true });

        Assert.Contains("data file: case.raw.gz", File.ReadAllLines(Path.Combine(dir, "case.nrrd")));
        Assert.Equal(volume.Data, NrrdReader.Read(Path.Combine(dir, "case.nrrd")).As<float>().Data);
    }

    [Fact]
    public void Writing_leaves_no_temporary_files_and_replaces_an_existing_file()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "v.nrrd");
        File.WriteAllText(path, "old");
        NrrdWriter.Write(path, Pattern<int>(new Shape3(1, 2, 3)));
        Assert.Equal(["v.nrrd"], Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.Equal(Pattern<int>(new Shape3(1, 2, 3)).Data, NrrdReader.Read(path).As<int>().Data);
    }

    [Theory]
    [InlineData(NrrdEncoding.Ascii, 6)]
    [InlineData(NrrdEncoding.Gzip, 0)]
    [InlineData(NrrdEncoding.Gzip, 10)]
    public void Writer_refuses_read_only_encodings_and_levels_outside_1_to_9(NrrdEncoding encoding, int level)
    {
        var dir = TestPaths.NewTempDir();
        Assert.Throws<ArgumentException>(() => NrrdWriter.Write(Path.Combine(dir, "v.nrrd"), Pattern<byte>(new Shape3(1, 1, 1)),
            new NrrdWriteOptions { Encoding = encoding, CompressionLevel = level }));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Theory]
    [InlineData("a:=b")]
    [InlineData("")]
    [InlineData("#comment")]
    [InlineData("type: x")] // "type: x:=v" is the field 'type' to teem
    [InlineData("Space Origin: x")]
    public void Writer_refuses_metadata_keys_that_cannot_be_read_back(string key)
    {
        var dir = TestPaths.NewTempDir();
        var volume = Pattern<byte>(new Shape3(1, 1, 1), metadata: new Dictionary<string, string> { [key] = "v" });
        Assert.Throws<ArgumentException>(() => NrrdWriter.Write(Path.Combine(dir, "v.nrrd"), volume));
    }

    [Fact]
    public void Metadata_keys_with_a_colon_that_are_not_field_names_round_trip()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "v.nrrd");
        var metadata = new Dictionary<string, string> { ["note: first"] = "v", ["a:b"] = "w" };
        NrrdWriter.Write(path, Pattern<byte>(new Shape3(1, 1, 1), metadata: metadata));
        Assert.Equal(metadata.ToList(), NrrdReader.Read(path).Metadata.ToList());
    }

    [Theory]
    [InlineData("case%03d.nhdr")]
    [InlineData("LIST.nhdr")]
    public void Writer_refuses_detached_names_teem_would_read_as_a_pattern_or_a_list(string name)
    {
        var dir = TestPaths.NewTempDir();
        var e = Assert.Throws<ArgumentException>(() => NrrdWriter.Write(Path.Combine(dir, name), Pattern<byte>(new Shape3(1, 1, 1))));
        Assert.Contains("would be read as a", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }
}
