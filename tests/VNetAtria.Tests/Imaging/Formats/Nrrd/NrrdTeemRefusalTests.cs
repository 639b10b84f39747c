using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;
using F = VNetAtria.Imaging.Formats.Nrrd.NrrdFieldNames;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>
/// Headers teem's `unu` refuses are refused by us too, each with an error naming the file, the field and the line:
/// fields out of the order teem parses them in, unknown field names, both 'space' and 'space dimension', and LIST or
/// pattern data files that teem cannot count. Our side is checked first; unu's refusal skips where teem-apps is missing.
/// </summary>
public sealed class NrrdTeemRefusalTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public NrrdTeemRefusalTests()
    {
        // uint8, W=4 H=3 D=4: the whole volume, its two slabs and its four slices.
        File.WriteAllBytes(Path.Combine(_dir, "all.raw"), Enumerable.Range(0, 48).Select(i => (byte)i).ToArray());
        for (var s = 0; s < 2; s++) File.WriteAllBytes(Path.Combine(_dir, $"slab{s + 1}.raw"), Enumerable.Range(24 * s, 24).Select(i => (byte)i).ToArray());
        for (var s = 0; s < 4; s++) File.WriteAllBytes(Path.Combine(_dir, $"slice{s}.raw"), Enumerable.Range(12 * s, 12).Select(i => (byte)i).ToArray());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Magic = "NRRD0004\ntype: uint8\n";           // lines 1-2
    private const string Base = Magic + "dimension: 3\nsizes: 4 3 4\nencoding: raw\n"; // lines 3-5

    /// <summary>The header (lines after it are numbered from 1 = the magic), the field the error names, phrases it must contain.</summary>
    public static TheoryData<string, string, string[]> RefusedHeaders() => new()
    {
        // Per-axis fields need the dimension above them (teem: "don't yet have a valid dimension").
        { Magic + "sizes: 4 3 4\ndimension: 3\nencoding: raw\ndata file: all.raw\n", F.Sizes, ["line 3 comes before 'dimension' (given later, on line 4)", "move the 'dimension' line above line 3"] },
        { Magic + "kinds: domain domain domain\ndimension: 3\nsizes: 4 3 4\nencoding: raw\ndata file: all.raw\n", F.Kinds, ["line 3 comes before 'dimension' (given later, on line 4)"] },
        { Magic + "encoding: raw\nspacings: 1 1 1\ndimension: 3\nsizes: 4 3 4\ndata file: all.raw\n", F.Spacings, ["line 4 comes before 'dimension'"] },
        // World-space fields need 'space' or 'space dimension' above them.
        { Base + "space directions: (1,0,0) (0,1,0) (0,0,1)\nspace: left-posterior-superior\ndata file: all.raw\n", F.SpaceDirections, ["line 6 comes before 'space' or 'space dimension' (given later, on line 7)"] },
        { Base + "space origin: (1,2,3)\nspace dimension: 3\ndata file: all.raw\n", F.SpaceOrigin, ["line 6 comes before 'space' or 'space dimension' (given later, on line 7)"] },
        { Base + "measurement frame: (1,0,0) (0,1,0) (0,0,1)\nspace: RAS\ndata file: all.raw\n", F.MeasurementFrame, ["line 6 comes before 'space'"] },
        // 'space' and 'space dimension' together, in either order, even when they agree.
        { Base + "space: left-posterior-superior\nspace dimension: 3\ndata file: all.raw\n", F.SpaceDimension, ["line 7 gives 'space dimension' after 'space' (line 6)", "keep only"] },
        { Base + "space dimension: 3\nspace: left-posterior-superior\ndata file: all.raw\n", F.Space, ["line 7 gives 'space' after 'space dimension' (line 6)"] },
        // Unknown field names: not fields, not key:=value pairs.
        { Base + "frobnicate: 7\ndata file: all.raw\n", "frobnicate", ["line 6: 'frobnicate: 7' is not a NRRD field", "'frobnicate:=7'"] },
        { Base + "data  file: all.raw\n", "data  file", ["line 6", "did you mean 'data file'?"] },
        { Magic + "dimension: 3\nsizes: 4 3 4\nencoding : raw\ndata file: all.raw\n", "encoding ", ["line 5", "did you mean 'encoding'?"] },
        { Base + " space: RAS\ndata file: all.raw\n", " space", ["line 6", "did you mean 'space'?"] },
        { Base + "comment: not a field\ndata file: all.raw\n", "comment", ["line 6: 'comment: not a field' is not a NRRD field"] },
        { Base + "key/value: no pair here\ndata file: all.raw\n", "key/value", ["line 6", "<key>:=<value>"] },
        // teem needs ": " (a space after the colon).
        { Magic + "dimension: 3\nsizes: 4 3 4\nencoding:raw\ndata file: all.raw\n", "line 5", ["'encoding:raw' is neither a field", "'encoding: raw'"] },
        // A pattern needs the dimension and sizes above it; a LIST must be the last field.
        { Magic + "encoding: raw\ndata file: slice%d.raw 0 3 1\ndimension: 3\nsizes: 4 3 4\n", F.DataFile, ["line 4: the data file pattern comes before 'dimension' (given later, on line 5)"] },
        { Magic + "dimension: 3\nencoding: raw\ndata file: slice%d.raw 0 3 1\nsizes: 4 3 4\n", F.DataFile, ["line 5: the data file pattern comes before 'sizes' (given later, on line 6)"] },
        { Magic + "dimension: 3\nsizes: 4 3 4\ndata file: LIST\nslice0.raw\nslice1.raw\nslice2.raw\nslice3.raw\nencoding: raw\n", F.DataFile, ["'data file: LIST' comes before 'encoding'", "last field"] },
        { Base + "data file: LIST\nslice0.raw\nslice1.raw\nslice2.raw\nslice3.raw\nspace origin: (1,2,3)\n", F.DataFile, ["line 11 ('space origin: (1,2,3)') follows 'data file: LIST' (line 6)", "last field"] },
        { Base + "data file: LIST\n# four slices\nslice0.raw\nslice1.raw\nslice2.raw\nslice3.raw\n", F.DataFile, ["line 7 ('# four slices') is a comment after 'data file: LIST' (line 6)"] },
        { Base + "data file: LIST\nslice0.raw\nslice1.raw\nslice2.raw\nslice3.raw\n\n", F.DataFile, ["line 11 is empty, after 'data file: LIST' on line 6"] },
        // Counts teem refuses: subdim < dimension needs the product of the slower sizes; = dimension needs a divisor.
        { Base + "data file: LIST 2\nslice0.raw\nslice1.raw\nslice2.raw\n", F.DataFile, ["line 6", "names 3 file(s), but with 2 axes per file the sizes need 4"] },
        { Base + "data file: LIST 3\nslab1.raw\nslab2.raw\nslab1.raw\n", F.DataFile, ["line 6", "names 3 file(s)", "must divide its size 4"] },
        { Base + "data file: LIST 3\nslice0.raw\nslice1.raw\nslice2.raw\nslice3.raw\nslice0.raw\n", F.DataFile, ["names 5 file(s)", "must divide its size 4"] },
        { Base + "data file: slab%d.raw 1 3 1 3\n", F.DataFile, ["names 3 file(s)", "must divide its size 4"] },
        { Base + "data file: slab%d.raw 1 2 1 4\n", F.DataFile, ["subdim 4 is not a whole number from 1 to 3"] },
        { Base + "data file: slab%d.raw 1 2 1 0\n", F.DataFile, ["subdim 0 is not a whole number from 1 to 3"] },
        { Base + "data file: LIST -1\nall.raw\n", F.DataFile, ["subdim -1 is not a whole number from 1 to 3"] },
        { Base + "data file: LISTX\nall.raw\n", F.DataFile, ["expected 'LIST' or 'LIST <subdim>'", "'X' after LIST"] },
        { Base + "data file: LIST \nslice0.raw\nslice1.raw\nslice2.raw\nslice3.raw\n", F.DataFile, ["only blanks after LIST"] },
        { Base + "data file: slice%d.raw 0 3\n", F.DataFile, ["three whole numbers"] },
        { Base + "data file: slice%d.raw 0,3,1\n", F.DataFile, ["three whole numbers"] },
        // teem knows only %d: with %u or %i the field is one (absent) file name.
        { Base + "data file: slice%u.raw 0 3 1\n", F.DataFile, ["not a pattern teem recognises"] },
    };

    [Theory]
    [MemberData(nameof(RefusedHeaders))]
    public void Headers_unu_refuses_are_refused_naming_the_file_field_and_line(string header, string field, string[] phrases)
    {
        var path = Path.Combine(_dir, "refused.nhdr");
        File.WriteAllText(path, header);

        var e = Assert.Throws<VolumeFormatException>(() => NrrdReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"{path}: field '{field}': ", e.Message);
        foreach (var phrase in phrases) Assert.Contains(phrase, e.Message);

        Unu.Require();
        var (code, stderr) = Unu.TryRead(_dir, "refused.nhdr");
        Assert.True(code != 0, $"unu read a header we refuse ({e.Message}); unu said: {stderr}");
    }

    [Fact]
    public void The_same_fields_in_teems_order_are_read_by_both()
    {
        // The control for the cases above: every field they move, in an order teem accepts.
        var path = Path.Combine(_dir, "ordered.nhdr");
        File.WriteAllText(path, Base + "kinds: domain domain domain\nspacings: 1 1 1\nspace dimension: 3\nspace origin: (1,2,3)\nmeasurement frame: (1,0,0) (0,1,0) (0,0,1)\nfrobnicate:=7\n" +
                                "data file: LIST 3\nslab1.raw\nslab2.raw\n");
        var volume = NrrdReader.Read(path);
        Assert.Equal(Enumerable.Range(0, 48).Select(i => (byte)i), volume.As<byte>().Data);
        Assert.Equal("7", volume.Metadata["frobnicate"]);

        Unu.Require();
        var (code, stderr) = Unu.TryRead(_dir, "ordered.nhdr");
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "unu-out.raw")), volume.AsBytes().ToArray());
    }
}
