using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;
using static VNetAtria.Tests.Imaging.Formats.Nrrd.NrrdTestData;
using F = VNetAtria.Imaging.Formats.Nrrd.NrrdFieldNames;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>Every malformed input is a <see cref="VolumeFormatException"/> naming the file and the field, never a crash.</summary>
public sealed class NrrdMalformedInputTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string header, ReadOnlySpan<byte> data = default) => WriteNrrd(_dir, $"m{Guid.NewGuid():N}.nrrd", header, data);

    public static TheoryData<string, string, string> BadHeaders() => new()
    {
        // header, field, a phrase the message must contain
        { "NRRX0004\ntype: uchar\n\n", "magic", "NRRD0001" },
        { "NRRD0006\ntype: uchar\n\n", "magic", "NRRD0005" },
        { "NRRD00045\ntype: uchar\n\n", "magic", "NRRD0005" },
        { "NRRD0004\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n\n", F.Type, "missing" },
        { "NRRD0004\ntype: uchar\nsizes: 1 1 1\nencoding: raw\n\n", F.Sizes, "line 3 comes before 'dimension' (not given)" },
        { "NRRD0004\ntype: uchar\ndimension: 3\nencoding: raw\n\n", F.Sizes, "missing" },
        { "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1 1 1\n\n", F.Encoding, "missing" },
        { "NRRD0004\ntype: uchar\ntype: short\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n\n", F.Type, "twice" },
        { Header("quad", "1 1 1"), F.Type, "unknown type 'quad'" },
        { Header("block", "1 1 1"), F.Type, "block" },
        { Header("uchar", "1 1"), F.Sizes, "expected 3 sizes" },
        { Header("uchar", "1 x 1"), F.Sizes, "'x'" },
        { Header("uchar", "1 0 1"), F.Sizes, "'0'" },
        { Header("uchar", "1 -2 1"), F.Sizes, "'-2'" },
        { Header("uchar", "1 1 1", dimension: 0), F.Dimension, "from 1 to 16" },
        { Header("uchar", "1 1 1", dimension: 17), F.Dimension, "from 1 to 16" },
        { Header("uchar", "1 1 1", "zip"), F.Encoding, "unknown encoding 'zip'" },
        { Header("short", "1 1 1", endian: ""), F.Endian, "'endian: little' or 'endian: big'" },
        { Header("short", "1 1 1", "gzip", endian: ""), F.Endian, "missing" },
        { Header("short", "1 1 1", endian: "middle"), F.Endian, "'little' or 'big'" },
        { Header("uchar", "1 1 1", extra: "space: LPR\n"), F.Space, "unknown space 'LPR'" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace dimension: 2\n"), F.SpaceDimension, "after 'space' (line 7)" },
        { Header("uchar", "1 1 1", extra: "space directions: (1,0,0) (0,1,0) (0,0,1)\n"), F.SpaceDirections, "'space'" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (1,0,0) (0,1,0)\n"), F.SpaceDirections, "expected 3 entries" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (1,0,0) (0,1) (0,0,1)\n"), F.SpaceDirections, "expected 3 coordinates" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (1,0,0) (0,one,0) (0,0,1)\n"), F.SpaceDirections, "'one'" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1\n"), F.SpaceDirections, "not closed" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,inf)\n"), F.SpaceDirections, "finite" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace origin: (1,2)\n"), F.SpaceOrigin, "expected 3 coordinates" },
        { Header("uchar", "1 1 1", extra: "space origin: (1,2,3)\n"), F.SpaceOrigin, "'space'" },
        { Header("uchar", "1 1 1", extra: "spacings: 1 1\n"), F.Spacings, "expected 3 numbers" },
        { Header("uchar", "1 1 1", extra: "spacings: 1 a 1\n"), F.Spacings, "'a'" },
        { Header("uchar", "1 1 1", extra: "kinds: domain domain nonsense\n"), F.Kinds, "'nonsense'" },
        { Header("uchar", "1 1 1", extra: "centers: cell cell middle\n"), F.Centers, "'middle'" },
        { Header("uchar", "1 1 1", extra: "labels: \"x\" \"y\n"), F.Labels, "not closed" },
        { Header("uchar", "1 1 1", extra: "line skip: -1\n"), F.LineSkip, ">= 0" },
        { Header("uchar", "1 1 1", extra: "byte skip: -2\n"), F.ByteSkip, "-1" },
        { Header("uchar", "1 1 1", extra: "byte skip: many\n"), F.ByteSkip, "'many'" },
        { Header("uchar", "1 1 1", "ascii", "byte skip: -1\n"), F.ByteSkip, "binary encodings" },
        { Header("uchar", "1 1 1", extra: "min: low\n"), F.Min, "'low'" },
        { Header("uchar", "1 1 1", extra: "this line has no colon\n"), "line 7", "neither a field" },
        { Header("uchar", "1 1 1", extra: ":=value\n"), "line 7", "empty key" },
        { Header("uchar", "2147483647 2147483647 2147483647", dimension: 3, extra: "") .Replace("dimension: 3\nsizes: 2147483647 2147483647 2147483647", "dimension: 4\nsizes: 2147483647 2147483647 2147483647 " +
            "2147483647"), F.Sizes, "multiply" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Malformed_headers_name_the_field_and_what_was_expected(string header, string field, string phrase)
    {
        var path = Write(header, new byte[1]);
        var e = ReadFails(path, field);
        Assert.Contains(phrase, e.Message);
        Assert.StartsWith(path, e.Message);
    }

    public static TheoryData<string, string, string> RefusedVolumes() => new()
    {
        { Header("uchar", "3", dimension: 1), F.Dimension, "1-D" },
        { Header("uchar", "1 1 1 2", dimension: 4), F.Dimension, "4-D" },
        { Header("uchar", "3 1 1", extra: "kinds: RGB-color domain domain\n"), F.Kinds, "RGB-color" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: none (0,1,0) (0,0,1)\n"), F.SpaceDirections, "'none'" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (0,0,0) (0,1,0) (0,0,1)\n"), F.SpaceDirections, "non-zero" },
        { Header("uchar", "1 1 1", extra: "space: LPS\nspace directions: (1,0,0) (2,0,0) (0,0,1)\n"), F.SpaceDirections, "parallel" },
        { Header("uchar", "1 1 1", extra: "space: 3D-left-handed\n"), F.Space, "left-handed" },
        { Header("uchar", "1 1 1", extra: "space: RAST\nspace directions: (1,0,0,0) (0,1,0,0) (0,0,1,0)\n"), F.Space, "time" },
        { Header("uchar", "1 1 1", extra: "spacings: 1 0 1\n"), F.Spacings, "non-zero" },
    };

    [Theory]
    [MemberData(nameof(RefusedVolumes))]
    public void Files_that_are_not_3d_scalar_volumes_are_refused_clearly(string header, string field, string phrase)
    {
        var e = ReadFails(Write(header, new byte[3]), field);
        Assert.Contains(phrase, e.Message);
    }

    [Theory]
    [InlineData(7, "too little data")]
    [InlineData(9, "too much data")]
    public void Raw_data_shorter_or_longer_than_the_sizes_need_is_an_error(int bytes, string phrase)
    {
        var e = ReadFails(Write(Header("uchar", "2 2 2", endian: ""), new byte[bytes]), F.Sizes);
        Assert.Contains(phrase, e.Message);
    }

    [Fact]
    public void A_header_claiming_a_trillion_voxels_fails_fast_without_allocating()
    {
        foreach (var encoding in new[] { "raw", "gzip", "bzip2", "ascii", "hex" })
        {
            var path = Write(Header("uchar", "10000 10000 10000", encoding, endian: ""), new byte[1000]);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var e = ReadFails(path, F.Sizes);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, $"{encoding}: allocated {GC.GetAllocatedBytesForCurrentThread() - before} bytes");
            Assert.Contains("10000 10000 10000", e.Message);
        }
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("gzip")]
    [InlineData("bzip2")]
    [InlineData("hex")]
    [InlineData("ascii")]
    public void A_header_claiming_a_gigabyte_with_a_kilobyte_of_data_fails_before_allocating(string encoding)
    {
        var data = encoding switch
        {
            "gzip" => Gzip(new byte[100_000]),
            "bzip2" => Bzip2(new byte[100_000]),
            _ => new byte[1000],
        };
        var path = Write(Header("uchar", "1024 1024 1024", encoding, endian: ""), data);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = ReadFails(path, encoding == "bzip2" ? F.Encoding : F.Sizes); // bzip2 is found short while decoding
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20); // bzip2's own block tables take about 4 MB
        Assert.Contains("too little data", e.Message);
    }

    private static byte[] Bzip2(byte[] data)
    {
        var ms = new MemoryStream();
        using (var bz = new BZip2OutputStream(ms) { IsStreamOwner = false }) bz.Write(data);
        return ms.ToArray();
    }

    private byte[] GzipOf8() => Gzip(Encoding.ASCII.GetBytes("abcdefgh"));

    [Fact]
    public void A_gzip_stream_with_a_corrupted_crc_byte_is_an_error()
    {
        var gz = GzipOf8();
        gz[^8] ^= 0x01;
        var e = ReadFails(Write(Header("uchar", "2 2 2", "gzip", endian: ""), gz), F.Encoding);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void A_gzip_stream_with_a_wrong_length_is_an_error()
    {
        var gz = GzipOf8();
        gz[^4] ^= 0x01;
        ReadFails(Write(Header("uchar", "2 2 2", "gzip", endian: ""), gz), F.Encoding);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void A_truncated_gzip_stream_is_an_error_even_when_all_data_bytes_are_there(int cut)
    {
        var gz = GzipOf8();
        var e = ReadFails(Write(Header("uchar", "2 2 2", "gzip", endian: ""), gz.AsSpan(0, gz.Length - cut)), F.Encoding);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_gzip_stream_cut_in_its_deflate_data_is_too_little_data()
    {
        var data = new byte[20000];
        new Random(3).NextBytes(data);
        var gz = Gzip(data);
        var e = ReadFails(Write(Header("uchar", "100 200 1", "gzip", endian: ""), gz.AsSpan(0, gz.Length / 2)), F.Encoding);
        Assert.Contains("too little data", e.Message);
    }

    [Fact]
    public void Bytes_after_the_gzip_stream_are_an_error()
    {
        var e = ReadFails(Write(Header("uchar", "2 2 2", "gzip", endian: ""), [.. GzipOf8(), 1, 2, 3]), F.Encoding);
        Assert.Contains("followed by other bytes", e.Message);
    }

    [Theory]
    [InlineData("2 2 1", "too much data")]
    [InlineData("3 3 1", "too little data")]
    public void Gzip_data_longer_or_shorter_than_the_sizes_need_is_an_error(string sizes, string phrase)
    {
        var e = ReadFails(Write(Header("uchar", sizes, "gzip", endian: ""), GzipOf8()), F.Encoding);
        Assert.Contains(phrase, e.Message);
    }

    [Fact]
    public void Data_that_is_not_gzip_is_refused_by_its_signature()
    {
        var e = ReadFails(Write(Header("uchar", "2 2 2", "gzip", endian: ""), new byte[40]), F.Encoding);
        Assert.Contains("1f 8b", e.Message);
    }

    [Fact]
    public void Corrupted_or_truncated_bzip2_data_is_an_error()
    {
        var good = Bzip2(Encoding.ASCII.GetBytes("abcdefgh"));
        Assert.Equal("abcdefgh"u8.ToArray(), NrrdReader.Read(Write(Header("uchar", "2 2 2", "bz2", endian: ""), good)).AsBytes().ToArray());

        var corrupt = (byte[])good.Clone();
        corrupt[good.Length / 2] ^= 0x10;
        ReadFails(Write(Header("uchar", "2 2 2", "bzip2", endian: ""), corrupt), F.Encoding);
        ReadFails(Write(Header("uchar", "2 2 2", "bzip2", endian: ""), good.AsSpan(0, good.Length - 6)), F.Encoding);
        ReadFails(Write(Header("uchar", "2 2 2", "bzip2", endian: ""), new byte[30]), F.Encoding);
    }

    [Theory]
    [InlineData("uchar", "1 2 3 x", F.Encoding, "'x'")]
    [InlineData("uchar", "1 2 3 256", F.Encoding, "'256'")]
    [InlineData("uchar", "1 2 3 -1", F.Encoding, "'-1'")]
    [InlineData("short", "1 2 3 4.5", F.Encoding, "'4.5'")]
    [InlineData("uchar", "1 2 3", F.Sizes, "too little data")] // found before reading: 5 characters cannot hold 4 values
    [InlineData("uchar", "10 20 30", F.Encoding, "too little data")]
    [InlineData("uchar", "1 2 3 4 5", F.Encoding, "too much data")]
    public void Ascii_values_that_are_not_numbers_of_the_type_or_the_wrong_count_are_errors(string type, string text, string field, string phrase)
    {
        var e = ReadFails(Write(Header(type, "2 2 1", "ascii", endian: ""), Encoding.ASCII.GetBytes(text)), field);
        Assert.Contains(phrase, e.Message);
    }

    [Theory]
    [InlineData("0102030g", F.Encoding, "'g'")]
    [InlineData("0102030", F.Sizes, "too little data")] // found before reading: 7 characters cannot hold 8 digits
    [InlineData("01 02 03 0", F.Encoding, "too little data")]
    [InlineData("010203040", F.Encoding, "too much data")]
    public void Hex_data_with_bad_digits_or_the_wrong_count_is_an_error(string text, string field, string phrase)
    {
        var e = ReadFails(Write(Header("uchar", "2 2 1", "hex", endian: ""), Encoding.ASCII.GetBytes(text)), field);
        Assert.Contains(phrase, e.Message);
    }

    [Fact]
    public void An_attached_header_that_ends_without_a_blank_line_has_no_data()
    {
        var e = ReadFails(Write("NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n"), F.DataFile);
        Assert.Contains("neither a 'data file'", e.Message);
    }

    [Fact]
    public void A_line_skip_past_the_end_of_the_file_is_an_error()
    {
        var e = ReadFails(Write(Header("uchar", "1 1 1", extra: "line skip: 3\n", endian: ""), "one\ntwo\n"u8), F.LineSkip);
        Assert.Contains("only 2 line(s)", e.Message);
    }

    [Fact]
    public void A_missing_blank_line_before_binary_data_is_reported_as_such()
    {
        var header = Header("uchar", "2 1 1", endian: "").TrimEnd('\n') + "\n";
        var e = ReadFails(Write(header, [0x00, 0x01, (byte)'\n']), "line 6");
        Assert.Contains("empty line", e.Message);
    }

    [Fact]
    public void A_header_without_an_end_within_16_MiB_is_refused()
    {
        var path = Path.Combine(_dir, "long.nrrd");
        var bytes = new byte[17 << 20];
        bytes.AsSpan().Fill((byte)'x');
        "NRRD0004\n#"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);
        ReadFails(path, null);
    }

    [Theory]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("../x.raw", "leaves the header's folder")]
    [InlineData("sub/../../x.raw", "leaves the header's folder")]
    [InlineData("missing.raw", "does not exist")]
    [InlineData("LIST", "not followed by any file names")]
    [InlineData("LIST 9", "subdim 9 is not a whole number from 1 to 3")]
    [InlineData("s%03d.raw 1 5 1", "names 5 file(s)")]
    [InlineData("s%03d.raw 1 5 0", "step must not be 0")]
    [InlineData("s%03d.raw 5 1 1", "never goes")]
    [InlineData("s%03d%d.raw 1 2 1", "more than one conversion")]
    [InlineData("s%03s.raw 1 2 1", "not a pattern teem recognises")]
    [InlineData("s%03i.raw 1 2 1", "not a pattern teem recognises")]
    [InlineData("s%03d.raw 1 2", "three whole numbers")]
    [InlineData("SKIPLIST\n0 a.raw", "SKIPLIST")]
    public void Bad_data_file_fields_are_errors(string dataFile, string phrase)
    {
        var path = Write(Header("uchar", "1 1 2", endian: "").TrimEnd('\n') + $"\ndata file: {dataFile}\n");
        var e = ReadFails(path, F.DataFile);
        Assert.Contains(phrase, e.Message);
    }

    [Fact]
    public void Reading_a_missing_file_is_a_file_not_found_error()
    {
        Assert.Throws<FileNotFoundException>(() => NrrdReader.Read(Path.Combine(_dir, "nothing.nrrd")));
    }

    [Fact]
    public void Random_bytes_never_crash_the_reader()
    {
        // Valid headers followed by random data of random length in every encoding: only VolumeFormatException or success.
        var rng = new Random(12345);
        string[] encodings = ["raw", "gzip", "bzip2", "ascii", "hex"];
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[rng.Next(0, 64)];
            rng.NextBytes(data);
            if (i % 3 == 0 && data.Length > 10) data = Gzip(data)[..rng.Next(1, data.Length)];
            var path = Write(Header(i % 2 == 0 ? "short" : "uchar", "2 2 2", encodings[i % encodings.Length], extra: i % 4 == 0 ? "byte skip: -1\n" : ""), data);
            try { NrrdReader.Read(path); }
            catch (VolumeFormatException) { }
        }
    }
}
