using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nifti;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Nifti;

/// <summary>Every refusal is a <see cref="VolumeFormatException"/> naming the file, the field and what was expected and found.</summary>
public sealed class NiftiMalformedFileTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>A valid little-endian 4 x 3 x 2 int16 file.</summary>
    private static NiftiBytes Valid()
    {
        var n = new NiftiBytes { Dim = [3, 4, 3, 2, 1, 1, 1, 1], DataType = 4, BitPix = 16 };
        n.Data = n.Encode16(Enumerable.Range(0, 24).Select(i => (short)i).ToArray());
        return n;
    }

    private VolumeFormatException Refused(byte[] bytes, string expectedField, params string[] messageParts)
    {
        var path = Path.Combine(_dir, "bad.nii");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<VolumeFormatException>(() => NiftiReader.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(expectedField, e.Field);
        Assert.StartsWith(path, e.Message);
        foreach (var part in messageParts) Assert.Contains(part, e.Message);
        return e;
    }

    private VolumeFormatException Refused(NiftiBytes n, string expectedField, params string[] messageParts) =>
        Refused(n.Build(), expectedField, messageParts);

    [Fact]
    public void The_valid_baseline_reads()
    {
        var path = Valid().Save(_dir, "ok.nii");
        Assert.Equal(23, NiftiReader.Read(path).As<short>()[1, 2, 3]);
    }

    [Fact]
    public void Wrong_sizeof_hdr_is_refused_and_nifti2_is_named()
    {
        var n = Valid();
        n.SizeofHdr = 349;
        Refused(n, "sizeof_hdr", "expected 348", "found 349");
        n.SizeofHdr = 540;
        Refused(n, "sizeof_hdr", "NIfTI-2");
    }

    [Fact]
    public void Files_shorter_than_the_header_are_refused()
    {
        Refused(Valid().Build()[..2], "sizeof_hdr", "2 bytes");
        Refused(Valid().Build()[..200], "header", "truncated", "200 bytes");
    }

    [Fact]
    public void Bad_magic_is_refused_and_header_image_pairs_are_explained()
    {
        var n = Valid();
        n.Magic = "ni1";
        Refused(n, "magic", ".hdr/.img", "n+1");
        n.Magic = "xyz";
        Refused(n, "magic", "expected 'n+1'", "found 'xyz'");
    }

    [Theory]
    [InlineData(2, -3, "dim[2]", "found -3")]
    [InlineData(3, 0, "dim[3]", "found 0")]
    public void Non_positive_sizes_are_refused(int index, short value, string field, string found)
    {
        var n = Valid();
        n.Dim[index] = value;
        Refused(n, field, "positive", found);
    }

    [Fact]
    public void Series_and_images_of_fewer_than_three_dimensions_are_refused()
    {
        var n = Valid();
        n.Dim = [4, 4, 3, 2, 5, 1, 1, 1];
        Refused(n, "dim[4]", "expected 1", "found 5");
        n.Dim = [2, 4, 3, 1, 1, 1, 1, 1];
        Refused(n, "dim[0]", "3-D");
        n.Dim = [8, 4, 3, 2, 1, 1, 1, 1];
        Refused(n, "dim[0]", "found 8");
    }

    [Fact]
    public void Unsupported_datatypes_and_bitpix_mismatches_are_refused()
    {
        var n = Valid();
        n.DataType = 32;
        n.BitPix = 64;
        Refused(n, "datatype", "COMPLEX64", "uint8 (2)");
        n = Valid();
        n.BitPix = 8;
        Refused(n, "bitpix", "expected 16", "found 8");
    }

    [Fact]
    public void A_vox_offset_inside_the_header_or_not_a_whole_number_is_refused()
    {
        var n = Valid();
        n.VoxOffset = 100;
        Refused(n, "vox_offset", "at least 352", "found 100");
        n.VoxOffset = 352.5f;
        Refused(n, "vox_offset", "352.5");
        n.VoxOffset = -4;
        Refused(n, "vox_offset", "-4");
    }

    [Fact]
    public void Truncated_voxel_data_is_refused_before_reading_with_expected_and_found_sizes()
    {
        var bytes = Valid().Build();
        Refused(bytes[..^1], "voxel data", "truncated", "need 48 bytes", "vox_offset 352", $"has {bytes.Length - 1} bytes");
    }

    [Fact]
    public void Huge_dims_in_a_tiny_file_are_refused_without_allocating()
    {
        var n = Valid();
        n.DataType = 2;
        n.BitPix = 8;
        n.Dim = [3, 1000, 1000, 1000, 1, 1, 1, 1];
        Refused(n, "voxel data", "truncated", "1000000000 bytes");
        Refused(NiftiBytes.Gzip(n.Build()), "voxel data", "gzip file can hold");
        n.Dim = [3, 32767, 32767, 32767, 1, 1, 1, 1];
        Refused(n, "dim", "more than one array");
    }

    [Fact]
    public void Truncated_gzip_data_is_refused()
    {
        var gz = NiftiBytes.Gzip(Valid().Build());
        Refused(gz[..^4], "gzip", "truncated");
        Refused(gz[..(gz.Length / 2)], "gzip", "truncated");
    }

    [Fact]
    public void A_valid_gzip_of_a_truncated_file_is_refused_as_truncated_voxel_data()
    {
        var truncated = Valid().Build()[..^10];
        Refused(NiftiBytes.Gzip(truncated), "voxel data", "truncated", "expected 48 bytes", "found 38");
    }

    [Fact]
    public void A_gzip_crc_mismatch_is_refused()
    {
        var gz = NiftiBytes.Gzip(Valid().Build());
        gz[^6] ^= 0x01; // a bit of the CRC-32 in the trailer
        Refused(gz, "gzip", "crc");
    }

    [Fact]
    public void A_sheared_sform_without_qform_is_refused()
    {
        var n = Valid();
        n.SformCode = 1;
        n.SrowX = [1, 1, 0, 0];
        n.SrowY = [0, 1, 0, 0];
        n.SrowZ = [0, 0, 1, 0];
        Refused(n, "srow_x/srow_y/srow_z", "not orthogonal", "qform_code 0");
    }
}
