using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nifti;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Nifti;

/// <summary>Hand-built headers (see <see cref="NiftiBytes"/>) whose meaning is worked out from the NIfTI-1 standard by hand.</summary>
public sealed class NiftiHeaderReadingTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    private static void AssertVector(Vector3d expected, Vector3d actual) =>
        Assert.True(expected.ApproximatelyEquals(actual, 1e-6), $"expected {expected}, found {actual}");

    /// <summary>A 2 x 1 x 1 int16 file (i fastest) with the given scaling.</summary>
    private NiftiBytes Int16Pair(float slope, float inter, bool bigEndian = false)
    {
        var n = new NiftiBytes { BigEndian = bigEndian, Dim = [3, 2, 1, 1, 1, 1, 1, 1], DataType = 4, BitPix = 16, SclSlope = slope, SclInter = inter };
        n.Data = n.Encode16(-3, 1000);
        return n;
    }

    [Fact]
    public void Scaling_is_applied_as_slope_times_value_plus_intercept_in_float32()
    {
        var v = NiftiReader.Read(Int16Pair(2.5f, -1f).Save(_dir, "s.nii"));

        Assert.Equal(VoxelType.Float32, v.VoxelType);
        Assert.Equal([-8.5f, 2499f], v.As<float>().Data);
        Assert.Equal("2.5,-1", v.Metadata[NiftiMetadataKeys.Scaling]);
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(0f, 5f)]
    [InlineData(float.NaN, 0f)]
    [InlineData(float.PositiveInfinity, 0f)]
    public void Identity_zero_or_non_finite_slope_keeps_the_stored_integers(float slope, float inter)
    {
        var v = NiftiReader.Read(Int16Pair(slope, inter).Save(_dir, "k.nii"));

        Assert.Equal(VoxelType.Int16, v.VoxelType);
        Assert.Equal([(short)-3, (short)1000], v.As<short>().Data);
        Assert.False(v.Metadata.ContainsKey(NiftiMetadataKeys.Scaling));
    }

    [Fact]
    public void Float64_data_is_scaled_in_float64_and_a_nan_intercept_counts_as_zero()
    {
        var n = new NiftiBytes { BigEndian = true, Dim = [3, 2, 1, 1, 1, 1, 1, 1], DataType = 64, BitPix = 64, SclSlope = 0.5f, SclInter = float.NaN };
        n.Data = n.EncodeF64(1e300, -3);
        var v = NiftiReader.Read(n.Save(_dir, "d.nii"));

        Assert.Equal([5e299, -1.5], v.As<double>().Data);
    }

    [Fact]
    public void Big_and_little_endian_files_with_the_same_values_read_the_same()
    {
        var little = NiftiReader.Read(Int16Pair(1, 0, bigEndian: false).Save(_dir, "le.nii"));
        var big = NiftiReader.Read(Int16Pair(1, 0, bigEndian: true).Save(_dir, "be.nii"));

        Assert.Equal([(short)-3, (short)1000], little.As<short>().Data);
        Assert.Equal(little.As<short>().Data, big.As<short>().Data);
    }

    [Fact]
    public void Without_transform_codes_pixdim_alone_scales_the_ras_axes()
    {
        // Method 1: x = pixdim[1] i, y = pixdim[2] j, z = pixdim[3] k in RAS; a negative pixdim flips its axis.
        var n = new NiftiBytes { Dim = [3, 2, 2, 2, 1, 1, 1, 1], PixDim = [0, 0.5f, -2, 3, 1, 1, 1, 1], Data = new byte[8] };
        var v = NiftiReader.Read(n.Save(_dir, "m1.nii"));

        Assert.Equal(new Spacing3(3, 2, 0.5), v.Geometry.Spacing);
        AssertVector(new Vector3d(-1, 0, 0), v.Geometry.AxisW); // RAS +x
        AssertVector(new Vector3d(0, 1, 0), v.Geometry.AxisH);  // RAS -y
        AssertVector(new Vector3d(0, 0, 1), v.Geometry.AxisD);
        AssertVector(default, v.Geometry.Origin);
        Assert.Equal("pixdim", v.Metadata[NiftiMetadataKeys.Transform]);
    }

    [Fact]
    public void Qform_quaternion_with_qfac_minus_one_gives_the_left_handed_rotation()
    {
        // (b, c, d) = (0, 0, 1): a = 0, a 180° rotation about z, R = diag(-1, -1, 1); qfac -1 negates the k column,
        // so RAS columns are i -> -x, j -> -y, k -> -z, i.e. LPS W -> +x, H -> +y, D -> -z.
        var n = new NiftiBytes
        {
            Dim = [3, 2, 2, 2, 1, 1, 1, 1], PixDim = [-1, 1.5f, 2, 2.5f, 1, 1, 1, 1], Data = new byte[8],
            QformCode = 3, Quatern = [0, 0, 1], QOffset = [4, 5, 6],
        };
        var v = NiftiReader.Read(n.Save(_dir, "q.nii"));

        Assert.Equal(new Spacing3(2.5, 2, 1.5), v.Geometry.Spacing);
        AssertVector(new Vector3d(1, 0, 0), v.Geometry.AxisW);
        AssertVector(new Vector3d(0, 1, 0), v.Geometry.AxisH);
        AssertVector(new Vector3d(0, 0, -1), v.Geometry.AxisD);
        AssertVector(new Vector3d(-4, -5, 6), v.Geometry.Origin);
        Assert.Equal("qform talairach", v.Metadata[NiftiMetadataKeys.Transform]);
    }

    [Fact]
    public void Sform_wins_over_qform_when_both_are_set()
    {
        var n = new NiftiBytes
        {
            Dim = [3, 1, 1, 1, 1, 1, 1, 1], Data = [0], QformCode = 1, Quatern = [0, 0, 1], QOffset = [1, 1, 1],
            SformCode = 4, SrowX = [0, 0, 2, 7], SrowY = [3, 0, 0, 8], SrowZ = [0, 4, 0, 9],
        };
        var v = NiftiReader.Read(n.Save(_dir, "s.nii"));

        // srow columns: i -> (0, 3, 0), j -> (0, 0, 4), k -> (2, 0, 0) in RAS.
        Assert.Equal(new Spacing3(2, 4, 3), v.Geometry.Spacing);
        AssertVector(new Vector3d(0, -1, 0), v.Geometry.AxisW);
        AssertVector(new Vector3d(0, 0, 1), v.Geometry.AxisH);
        AssertVector(new Vector3d(-1, 0, 0), v.Geometry.AxisD);
        AssertVector(new Vector3d(-7, -8, 9), v.Geometry.Origin);
        Assert.Equal("sform mni_152", v.Metadata[NiftiMetadataKeys.Transform]);
    }

    [Fact]
    public void A_sheared_sform_falls_back_to_the_qform()
    {
        var n = new NiftiBytes
        {
            Dim = [3, 1, 1, 1, 1, 1, 1, 1], Data = [0], QformCode = 1, QOffset = [1, 2, 3],
            SformCode = 1, SrowX = [1, 1, 0, 0], SrowY = [0, 1, 0, 0], SrowZ = [0, 0, 1, 0],
        };
        var v = NiftiReader.Read(n.Save(_dir, "shear.nii"));

        Assert.Equal("qform scanner_anat", v.Metadata[NiftiMetadataKeys.Transform]);
        AssertVector(new Vector3d(-1, -2, 3), v.Geometry.Origin);
    }

    [Fact]
    public void Four_dimensional_header_with_one_time_point_is_a_volume()
    {
        var n = new NiftiBytes { Dim = [4, 2, 1, 1, 1, 1, 1, 1], Data = [7, 9] };
        var v = NiftiReader.Read(n.Save(_dir, "t1.nii"));

        Assert.Equal(new Shape3(1, 1, 2), v.Shape);
        Assert.Equal([(byte)7, (byte)9], v.As<byte>().Data);
    }

    [Fact]
    public void Vox_offset_beyond_352_skips_extension_bytes_and_zero_means_352()
    {
        var far = new NiftiBytes { Dim = [3, 2, 1, 1, 1, 1, 1, 1], VoxOffset = 400, Data = [5, 6] };
        Assert.Equal([(byte)5, (byte)6], NiftiReader.Read(far.Save(_dir, "far.nii.gz", gzip: true)).As<byte>().Data);
        Assert.Equal([(byte)5, (byte)6], NiftiReader.Read(far.Save(_dir, "far.nii")).As<byte>().Data);

        var unset = new NiftiBytes { Dim = [3, 2, 1, 1, 1, 1, 1, 1], VoxOffset = 0, Data = [5, 6] };
        Assert.Equal([(byte)5, (byte)6], NiftiReader.Read(unset.Save(_dir, "zero.nii")).As<byte>().Data);
    }

    [Fact]
    public void Gzip_is_recognised_by_content_not_by_name()
    {
        var n = new NiftiBytes { Dim = [3, 2, 1, 1, 1, 1, 1, 1], Data = [1, 2] };
        var path = Path.Combine(_dir, "named-plain.nii");
        File.WriteAllBytes(path, NiftiBytes.Gzip(n.Build()));

        Assert.Equal([(byte)1, (byte)2], NiftiReader.Read(path).As<byte>().Data);
    }

    [Theory]
    [InlineData(1 + 8, 1000.0)]  // metres (+ seconds in the time bits)
    [InlineData(3, 0.001)]       // microns
    [InlineData(2, 1.0)]         // millimetres
    [InlineData(0, 1.0)]         // unknown: taken as mm
    public void Spatial_units_are_converted_to_millimetres(byte xyztUnits, double mmPerUnit)
    {
        var n = new NiftiBytes
        {
            Dim = [3, 1, 1, 1, 1, 1, 1, 1], Data = [0], XyztUnits = xyztUnits,
            SformCode = 1, SrowX = [-0.5f, 0, 0, 3], SrowY = [0, -0.5f, 0, 4], SrowZ = [0, 0, 2, 5],
        };
        var g = NiftiReader.Read(n.Save(_dir, $"u{xyztUnits}.nii")).Geometry;

        Assert.Equal(2 * mmPerUnit, g.Spacing.D, 1e-12);
        Assert.Equal(0.5 * mmPerUnit, g.Spacing.W, 1e-12);
        AssertVector(new Vector3d(-3, -4, 5) * mmPerUnit, g.Origin);
    }
}
