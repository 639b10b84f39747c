using System.Buffers.Binary;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;
using static VNetAtria.Tests.Imaging.Formats.Nrrd.NrrdTestData;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>The reader against hand-written files whose voxels and geometry are known by construction.</summary>
public sealed class NrrdReaderFeatureTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // teem's _nrrdTypeStrEqv, spelled out here independently of the reader's table.
    [Theory]
    [InlineData("signed char", VoxelType.Int8)] [InlineData("int8", VoxelType.Int8)] [InlineData("int8_t", VoxelType.Int8)]
    [InlineData("uchar", VoxelType.UInt8)] [InlineData("unsigned char", VoxelType.UInt8)] [InlineData("uint8", VoxelType.UInt8)] [InlineData("uint8_t", VoxelType.UInt8)]
    [InlineData("short", VoxelType.Int16)] [InlineData("short int", VoxelType.Int16)] [InlineData("signed short", VoxelType.Int16)]
    [InlineData("signed short int", VoxelType.Int16)] [InlineData("int16", VoxelType.Int16)] [InlineData("int16_t", VoxelType.Int16)]
    [InlineData("ushort", VoxelType.UInt16)] [InlineData("unsigned short", VoxelType.UInt16)] [InlineData("unsigned short int", VoxelType.UInt16)]
    [InlineData("uint16", VoxelType.UInt16)] [InlineData("uint16_t", VoxelType.UInt16)]
    [InlineData("int", VoxelType.Int32)] [InlineData("signed int", VoxelType.Int32)] [InlineData("int32", VoxelType.Int32)] [InlineData("int32_t", VoxelType.Int32)]
    [InlineData("uint", VoxelType.UInt32)] [InlineData("unsigned int", VoxelType.UInt32)] [InlineData("uint32", VoxelType.UInt32)] [InlineData("uint32_t", VoxelType.UInt32)]
    [InlineData("longlong", VoxelType.Int64)] [InlineData("long long", VoxelType.Int64)] [InlineData("long long int", VoxelType.Int64)]
    [InlineData("signed long long", VoxelType.Int64)] [InlineData("signed long long int", VoxelType.Int64)] [InlineData("int64", VoxelType.Int64)] [InlineData("int64_t", VoxelType.Int64)]
    [InlineData("ulonglong", VoxelType.UInt64)] [InlineData("unsigned long long", VoxelType.UInt64)] [InlineData("unsigned long long int", VoxelType.UInt64)]
    [InlineData("uint64", VoxelType.UInt64)] [InlineData("uint64_t", VoxelType.UInt64)]
    [InlineData("float", VoxelType.Float32)] [InlineData("double", VoxelType.Float64)]
    [InlineData("Unsigned  Char", VoxelType.UInt8)]
    public void Every_teem_type_spelling_is_read(string spelling, VoxelType expected)
    {
        var bytes = new byte[2 * expected.SizeOf()];
        var path = WriteNrrd(_dir, "t.nrrd", Header(spelling, "2 1 1"), bytes);
        Assert.Equal(expected, NrrdReader.Read(path).VoxelType);
    }

    [Fact]
    public void Big_endian_raw_values_are_swapped_to_native_order()
    {
        var data = new byte[3 * 4 + 2 * 8];
        BinaryPrimitives.WriteInt32BigEndian(data, -2);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), 0x01020304);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), int.MaxValue);
        var path = WriteNrrd(_dir, "be.nrrd", Header("int32", "3 1 1", endian: "big"), data.AsSpan(0, 12));
        Assert.Equal([-2, 0x01020304, int.MaxValue], NrrdReader.Read(path).As<int>().Data);

        BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(12), -1.5e-300);
        BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(20), Math.PI);
        path = WriteNrrd(_dir, "bed.nrrd", Header("double", "1 2 1", encoding: "gzip", endian: "big"), Gzip(data.AsSpan(12)));
        Assert.Equal([-1.5e-300, Math.PI], NrrdReader.Read(path).As<double>().Data);
    }

    [Fact]
    public void Ascii_values_may_be_separated_by_any_whitespace_or_commas_and_floats_may_be_nan_or_inf()
    {
        var path = WriteNrrd(_dir, "a.nrrd", Header("float", "3 2 1", "text", endian: ""), "1.5, -2\n\t3e2\r\nnan inf -inf\n"u8);
        var values = NrrdReader.Read(path).As<float>().Data;
        Assert.Equal([1.5f, -2f, 300f], values[..3]);
        Assert.True(float.IsNaN(values[3]));
        Assert.Equal([float.PositiveInfinity, float.NegativeInfinity], values[4..]);
    }

    [Fact]
    public void Hex_is_two_digits_per_byte_in_the_file_byte_order()
    {
        var path = WriteNrrd(_dir, "h.nrrd", Header("ushort", "2 1 1", "hex", endian: "big"), "01 ff\nA0b1\n"u8);
        Assert.Equal([(ushort)0x01ff, (ushort)0xa0b1], NrrdReader.Read(path).As<ushort>().Data);
    }

    [Fact]
    public void Line_skip_then_byte_skip_find_raw_data_after_other_text()
    {
        var data = "first line\nsecond\nXYZ"u8.ToArray().Concat(new byte[] { 7, 8, 9, 10 }).ToArray();
        var path = WriteNrrd(_dir, "s.nrrd", Header("uchar", "2 2 1", extra: "line skip: 2\nbyte skip: 3\n", endian: ""), data);
        Assert.Equal([(byte)7, 8, 9, 10], NrrdReader.Read(path).As<byte>().Data);
    }

    [Fact]
    public void Byte_skip_minus_one_takes_raw_data_from_the_end_of_the_file()
    {
        var path = WriteNrrd(_dir, "e.nrrd", Header("uchar", "2 1 1", extra: "byte skip: -1\n", endian: ""), new byte[] { 1, 2, 3, 4, 5 });
        Assert.Equal([(byte)4, 5], NrrdReader.Read(path).As<byte>().Data);
    }

    [Fact]
    public void Byte_skip_on_gzip_data_skips_decompressed_bytes()
    {
        var path = WriteNrrd(_dir, "g.nrrd", Header("uchar", "2 1 1", "gz", "byteskip: 3\n", endian: ""), Gzip(new byte[] { 1, 2, 3, 4, 5 }));
        Assert.Equal([(byte)4, 5], NrrdReader.Read(path).As<byte>().Data);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("-1", 150_000)]
    [InlineData("65530", 65530)]
    public void Byte_skip_on_bzip2_data_skips_decompressed_bytes_across_chunk_boundaries(string byteSkip, int skipped)
    {
        // 200000 bytes span the decoder's first chunks (64 KiB, then 128 KiB), so skips straddle chunk boundaries.
        var all = new byte[200_000];
        for (var i = 0; i < all.Length; i++) all[i] = (byte)(i * 7 % 251);
        var need = all.Length - skipped;
        var ms = new MemoryStream();
        using (var bz = new ICSharpCode.SharpZipLib.BZip2.BZip2OutputStream(ms, 1) { IsStreamOwner = false }) bz.Write(all);
        var path = WriteNrrd(_dir, "b.nrrd", Header("uchar", $"{need} 1 1", "bzip2", $"byte skip: {byteSkip}\n", endian: ""), ms.ToArray());

        Assert.True(all.AsSpan(skipped).SequenceEqual(NrrdReader.Read(path).AsBytes()));
    }

    [Fact]
    public void Comments_crlf_line_ends_field_aliases_and_case_are_accepted()
    {
        var header = "NRRD0001\r\n# a comment\r\nTYPE: uchar\r\nDimension: 3\r\nsizes: 1 1 2\r\ncenterings: cell cell cell\r\nEncoding: RAW\r\n\r\n";
        var path = WriteNrrd(_dir, "c.nrrd", header, new byte[] { 42, 43 });
        Assert.Equal([(byte)42, 43], NrrdReader.Read(path).As<byte>().Data);
    }

    [Fact]
    public void Key_value_pairs_are_unescaped_and_kept_in_file_order()
    {
        var extra = "zeta:=last\\nline\nalpha:=back\\\\slash\nkey with: colon:=v\nalpha:=again\n";
        var path = WriteNrrd(_dir, "k.nrrd", Header("uchar", "1 1 1", extra: extra, endian: ""), new byte[1]);
        var result = NrrdReader.ReadWithHeader(path);
        Assert.Equal(
            [new("zeta", "last\nline"), new("alpha", "again"), new KeyValuePair<string, string>("key with: colon", "v")],
            result.Volume.Metadata.ToList());
        Assert.Contains(result.Header.Warnings, w => w.Contains("alpha"));
    }

    [Theory]
    [InlineData("RAS", -1, -1)]
    [InlineData("right-anterior-superior", -1, -1)]
    [InlineData("LAS", -1, 1)]
    [InlineData("left-anterior-superior", -1, 1)]
    [InlineData("LPS", 1, 1)]
    [InlineData("left-posterior-superior", 1, 1)]
    [InlineData("scanner-xyz", 1, 1)]
    [InlineData("3D-right-handed", 1, 1)]
    public void Spaces_are_converted_to_lps_by_negating_x_and_y_where_needed(string space, int sx, int sy)
    {
        // W along (0.6, 0.8, 0) * 2 mm, H along (-0.8, 0.6, 0) * 3 mm, D along z * 4 mm, origin (10, 20, 30).
        var extra = $"space: {space}\nspace directions: (1.2,1.6,0) (-2.4,1.8,0) (0,0,4)\nspace origin: (10,20,30)\n";
        var path = WriteNrrd(_dir, "sp.nrrd", Header("uchar", "1 1 1", extra: extra, endian: ""), new byte[1]);
        var g = NrrdReader.Read(path).Geometry;

        Assert.Equal(new Spacing3(4, 3, 2), g.Spacing);
        Assert.True(g.AxisW.ApproximatelyEquals(new Vector3d(0.6 * sx, 0.8 * sy, 0), 1e-15));
        Assert.True(g.AxisH.ApproximatelyEquals(new Vector3d(-0.8 * sx, 0.6 * sy, 0), 1e-15));
        Assert.Equal(new Vector3d(0, 0, 1), g.AxisD);
        Assert.Equal(new Vector3d(10 * sx, 20 * sy, 30), g.Origin);
        Assert.Equal(NrrdSpaces.Canonical(space), g.SourceSpace);
    }

    [Fact]
    public void Permuted_directions_map_nrrd_axis_0_to_w_and_axis_2_to_d()
    {
        var extra = "space: LPS\nspace directions: (0,0,-2) (3,0,0) (0,0.5,0)\n";
        var path = WriteNrrd(_dir, "p.nrrd", Header("uchar", "4 3 2", extra: extra, endian: ""), new byte[24]);
        var v = NrrdReader.Read(path);
        Assert.Equal(new Shape3(2, 3, 4), v.Shape);
        Assert.Equal(new Spacing3(0.5, 3, 2), v.Geometry.Spacing);
        Assert.Equal(new Vector3d(0, 0, -1), v.Geometry.AxisW);
        Assert.Equal(new Vector3d(1, 0, 0), v.Geometry.AxisH);
        Assert.Equal(new Vector3d(0, 1, 0), v.Geometry.AxisD);
    }

    [Fact]
    public void Old_style_spacings_and_cell_centred_axis_mins_place_the_first_voxel_centre()
    {
        var extra = "spacings: 2 -0.5 nan\naxis mins: 10 20 30\ncenters: cell node ???\n";
        var path = WriteNrrd(_dir, "o.nrrd", Header("uchar", "1 1 1", extra: extra, endian: ""), new byte[1]);
        var g = NrrdReader.Read(path).Geometry;
        Assert.Equal(new Spacing3(1, 0.5, 2), g.Spacing); // nan: unknown, taken as 1
        Assert.Equal(new Vector3d(0, -1, 0), g.AxisH);   // negative spacing: the axis runs the other way
        Assert.Equal(new Vector3d(11, 20, 30), g.Origin); // cell centring: min is the edge, the centre is half a voxel in
    }

    [Fact]
    public void A_single_slice_and_a_size_1_axis_are_fine()
    {
        var path = WriteNrrd(_dir, "one.nrrd", Header("short", "3 1 2"), new byte[12]);
        Assert.Equal(new Shape3(2, 1, 3), NrrdReader.Read(path).Shape);
    }

    [Fact]
    public void Detached_data_may_be_a_list_of_files_one_per_slice_or_slab()
    {
        File.WriteAllBytes(Path.Combine(_dir, "a.raw"), [1, 2, 3, 4]);
        File.WriteAllBytes(Path.Combine(_dir, "b.raw"), [5, 6, 7, 8]);
        var perSlice = WriteNrrd(_dir, "list.nhdr", Header("uchar", "2 2 2", endian: "").TrimEnd('\n') + "\ndata file: LIST\na.raw\nb.raw\n");
        Assert.Equal([(byte)1, 2, 3, 4, 5, 6, 7, 8], NrrdReader.Read(perSlice).As<byte>().Data);

        var perRow = WriteNrrd(_dir, "rows.nhdr", Header("uchar", "4 2 1", endian: "").TrimEnd('\n') + "\ndata file: LIST 1\nb.raw\na.raw\n");
        Assert.Equal([(byte)5, 6, 7, 8, 1, 2, 3, 4], NrrdReader.Read(perRow).As<byte>().Data);
    }

    [Fact]
    public void Detached_data_may_be_numbered_files_from_a_printf_pattern_counting_down()
    {
        for (var i = 1; i <= 3; i++) File.WriteAllBytes(Path.Combine(_dir, $"s{i:D3}.raw.gz"), Gzip([(byte)i, (byte)(10 * i)]));
        var path = WriteNrrd(_dir, "pat.nhdr", Header("uchar", "2 1 3", "gzip", endian: "").TrimEnd('\n') + "\ndatafile: s%03d.raw.gz 3 1 -1 2\n");
        Assert.Equal([(byte)3, 30, 2, 20, 1, 10], NrrdReader.Read(path).As<byte>().Data);
    }

    [Fact]
    public void Data_files_outside_the_header_folder_are_read_only_when_allowed()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir, "hdr")).FullName;
        File.WriteAllBytes(Path.Combine(_dir, "outside.raw"), [9]);
        var path = WriteNrrd(sub, "x.nhdr", Header("uchar", "1 1 1", endian: "").TrimEnd('\n') + "\ndata file: ../outside.raw\n");

        ReadFails(path, NrrdFieldNames.DataFile);
        Assert.Equal([(byte)9], NrrdReader.Read(path, new NrrdReadOptions { AllowDataFilesOutsideHeaderFolder = true }).As<byte>().Data);
    }

    [Fact]
    public void All_nrrd_versions_1_to_5_are_read()
    {
        for (var v = 1; v <= 5; v++)
        {
            var path = WriteNrrd(_dir, $"v{v}.nrrd", Header("uchar", "1 1 1", endian: "").Replace("NRRD0004", $"NRRD000{v}"), new byte[] { (byte)v });
            Assert.Equal([(byte)v], NrrdReader.Read(path).As<byte>().Data);
        }
    }

    [Fact]
    public void Header_fields_not_used_for_the_volume_are_parsed_and_kept()
    {
        var extra = "content: test\nspace: RAS\nspace units: \"mm\" \"mm\" \"mm\"\nlabels: \"x\" \"y\" \"z\"\nunits: \"mm\" \"mm\" \"mm\"\n" +
                    "thicknesses: nan nan 2.5\nkinds: space space domain\nmeasurement frame: (1,0,0) (0,1,0) (0,0,1)\nmin: 0\nmax: 255\nold min: -1\nold max: 1\nsample units: counts\n";
        var path = WriteNrrd(_dir, "f.nrrd", Header("uchar", "1 1 1", extra: extra, endian: ""), new byte[1]);
        var h = NrrdReader.ReadWithHeader(path).Header;
        Assert.Equal("test", h.Content);
        Assert.Equal(["mm", "mm", "mm"], h.SpaceUnits);
        Assert.Equal(["x", "y", "z"], h.Labels);
        Assert.Equal(2.5, h.Thicknesses![2]);
        Assert.Equal(3, h.MeasurementFrame!.Count);
        Assert.Equal("counts", h.Field(NrrdFieldNames.SampleUnits));
        Assert.Empty(h.Warnings);
    }
}
