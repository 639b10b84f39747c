using System.Buffers.Binary;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;
using static VNetAtria.Tests.Imaging.Formats.Nrrd.NrrdTestData;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>
/// Detached headers whose data is a LIST of files or a printf pattern, with and without a subdim, read as teem's
/// `unu` reads them: to the voxels of the named files in the order teem takes them, with the geometry unu parses.
/// The files are hand-written slices, rows and slabs of a known int16 volume (big endian, so byte order matters).
/// Our side is checked first against the known voxels; the comparison with unu skips where teem-apps is missing.
/// </summary>
public sealed class NrrdTeemDataFileTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    // W=4, H=3, D=4 in file order (sizes 4 3 4).
    private static readonly Volume<short> Known = Pattern<short>(new Shape3(4, 3, 4));

    public NrrdTeemDataFileTests()
    {
        var bytes = BigEndian(Known.Data);
        const int slice = 4 * 3 * 2, row = 4 * 2;
        Write("all.raw", bytes);
        for (var d = 0; d < 4; d++)
        {
            Write($"slice{d}.raw", bytes[(d * slice)..((d + 1) * slice)]);
            Write($"s{2 * d + 1:D2}.raw", bytes[(d * slice)..((d + 1) * slice)]); // s01, s03, s05, s07
        }
        Write("slab1.raw", bytes[..(2 * slice)]);
        Write("slab2.raw", bytes[(2 * slice)..]);
        for (var r = 0; r < 12; r++) Write($"r{r}.raw", bytes[(r * row)..((r + 1) * row)]);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The header every case shares: LPS, tilted axes, origin; the data file field follows it.</summary>
    private const string Fields =
        "NRRD0004\n# written by hand: each data file holds slices, rows or slabs of one int16 volume\ntype: short\ndimension: 3\n" +
        "space: left-posterior-superior\nsizes: 4 3 4\nspace directions: (0.6,0,-0.8) (0,-0.75,0) (-1.6,0,-1.2)\n" +
        "kinds: domain domain domain\nendian: big\nencoding: raw\nspace origin: (7.5,-3.25,120)\n";

    private static readonly VolumeGeometry Truth = new()
    {
        Spacing = new Spacing3(2, 0.75, 1),
        AxisW = new Vector3d(0.6, 0, -0.8),
        AxisH = new Vector3d(0, -1, 0),
        AxisD = new Vector3d(-0.8, 0, -0.6),
        Origin = new Vector3d(7.5, -3.25, 120),
    };

    private static readonly string[] Slices = ["slice0.raw", "slice1.raw", "slice2.raw", "slice3.raw"];
    private static readonly string[] Rows = Enumerable.Range(0, 12).Select(r => $"r{r}.raw").ToArray();

    /// <summary>The data file field, the lines after it (a LIST's names), the files in the order their bytes form the volume.</summary>
    public static TheoryData<string, string[], string[]> ReadableDataFiles() => new()
    {
        { "LIST", Slices, Slices },                                          // no subdim: dimension - 1, a file per slice
        { "LIST 2", Slices, Slices },                                        // subdim < dimension: per slice
        { "LIST 1", Rows, Rows },                                            // subdim < dimension: per row
        { "LIST 3", ["slab1.raw", "slab2.raw"], ["slab1.raw", "slab2.raw"] }, // subdim = dimension: two slabs of 2 slices
        { "LIST 3", ["slab2.raw", "slab1.raw"], ["slab2.raw", "slab1.raw"] }, // ... in the listed order
        { "LIST 3", ["all.raw"], ["all.raw"] },                              // subdim = dimension: one slab of all 4
        { "LIST3", ["slab1.raw", "slab2.raw"], ["slab1.raw", "slab2.raw"] },  // teem's sscanf needs no blank after LIST
        { "LIST 3 slabs", ["slab1.raw", "slab2.raw"], ["slab1.raw", "slab2.raw"] }, // ... and ignores what follows the subdim
        { "s%02d.raw 1 7 2", [], ["s01.raw", "s03.raw", "s05.raw", "s07.raw"] },     // pattern, no subdim: per slice
        { "s%02d.raw 1 7 2 2", [], ["s01.raw", "s03.raw", "s05.raw", "s07.raw"] },   // pattern, subdim < dimension
        { "s%02d.raw 7 1 -2 2", [], ["s07.raw", "s05.raw", "s03.raw", "s01.raw"] },  // counting down
        { "r%d.raw 0 11 1 1", [], Rows },                                   // pattern, per row
        { "slab%d.raw 1 2 1 3", [], ["slab1.raw", "slab2.raw"] },            // pattern, subdim = dimension: slabs
        { "slab%d.raw 2 1 -1 3", [], ["slab2.raw", "slab1.raw"] },
        { "slab%d.raw 1 2 1 3x", [], ["slab1.raw", "slab2.raw"] },           // sscanf stops after the 3
        { "all.raw", [], ["all.raw"] },
    };

    [Theory]
    [MemberData(nameof(ReadableDataFiles))]
    public void Lists_and_patterns_read_the_voxels_of_their_files_in_teems_order_and_geometry(string dataFile, string[] listed, string[] order)
    {
        var header = Path.Combine(_dir, "case.nhdr");
        File.WriteAllText(header, Fields + $"data file: {dataFile}\n" + string.Concat(listed.Select(n => n + "\n")));
        var expected = order.SelectMany(f => File.ReadAllBytes(Path.Combine(_dir, f))).ToArray();

        var ours = NrrdReader.ReadWithHeader(header);
        Assert.Equal(new Shape3(4, 3, 4), ours.Volume.Shape);
        Assert.Equal(FromBigEndian(expected), ours.Volume.As<short>().Data);
        Assert.True(ours.Volume.Geometry.ApproximatelyEquals(Truth, 1e-12, 1e-12, 1e-12), ours.Volume.Geometry.ToString());

        Unu.Require();
        var (code, stderr) = Unu.TryRead(_dir, "case.nhdr");
        Assert.True(code == 0, $"unu refused {dataFile}: {stderr}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "unu-out.raw")), ours.Volume.AsBytes().ToArray());
        var unuGeometry = NrrdReader.Read(Path.Combine(_dir, "unu-out.nhdr")).Geometry;
        Assert.True(ours.Volume.Geometry.ApproximatelyEquals(unuGeometry, 1e-12, 1e-12, 1e-12), $"ours {ours.Volume.Geometry}, unu's {unuGeometry}");
    }

    [Theory]
    [InlineData("LIST 3 slabs", "'slabs' after the subdim was ignored")]
    [InlineData("slab%d.raw 1 2 1 3x", "'x' after the numbers was ignored")]
    public void Text_teem_ignores_after_the_numbers_is_reported_as_a_warning(string dataFile, string warning)
    {
        var names = dataFile.StartsWith("LIST", StringComparison.Ordinal) ? "slab1.raw\nslab2.raw\n" : "";
        var header = Path.Combine(_dir, "w.nhdr");
        File.WriteAllText(header, Fields + $"data file: {dataFile}\n" + names);
        Assert.Contains(NrrdReader.ReadWithHeader(header).Header.Warnings, w => w.Contains(warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("datafile")]
    [InlineData("Data File")]
    [InlineData("DATAFILE")]
    public void Field_names_differing_only_in_case_or_teems_one_word_spelling_are_the_same_field(string spelling)
    {
        var header = Path.Combine(_dir, "spelled.nhdr");
        File.WriteAllText(header, Fields + $"{spelling}: all.raw\n");

        Assert.Equal(Known.Data, NrrdReader.Read(header).As<short>().Data);
        Unu.Require();
        Assert.Equal(0, Unu.TryRead(_dir, "spelled.nhdr").ExitCode);
    }

    private void Write(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(_dir, name), bytes);

    private static byte[] BigEndian(short[] values)
    {
        var bytes = new byte[2 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }

    private static short[] FromBigEndian(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length / 2).Select(i => BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(2 * i))).ToArray();
}
