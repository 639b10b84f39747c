using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nifti;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Nifti;

/// <summary>
/// Other tools' NIfTI files (MONAI's test data, pynrrd's ball) against independent truths. Unless a comment says
/// otherwise, expected numbers were read with nibabel 5 (/usr/bin/python3: nib.load(f).affine, .shape,
/// np.asanyarray(img.dataobj)[i, j, k] and .sum()) and copied here by hand; nibabel's (i, j, k) is our [k, j, i],
/// and its RAS affine becomes LPS by negating the x and y rows.
/// </summary>
public class NiftiSampleFileTests
{
    private const double Mm = 1e-4;

    private static string Sample(string name) => TestPaths.RequireSharedData(Path.Combine("nifti-samples", name));

    private static void AssertVector(Vector3d expected, Vector3d actual, double tolerance = Mm) =>
        Assert.True(expected.ApproximatelyEquals(actual, tolerance), $"expected {expected}, found {actual}");

    private static double Sum<T>(Volume<T> v) where T : unmanaged, System.Numerics.INumber<T>
    {
        var s = 0.0;
        foreach (var x in v.Data) s += double.CreateChecked(x);
        return s;
    }

    [Fact]
    public void Big_endian_int16_anatomical_reads_with_nibabels_shape_values_and_sum()
    {
        var v = NiftiReader.Read(Sample("anatomical.nii")).As<short>();

        // nibabel: shape (33, 41, 25), dtype >i2, sum 284166082.
        Assert.Equal(new Shape3(25, 41, 33), v.Shape);
        Assert.Equal(284166082.0, Sum(v));
        // nibabel dataobj[i, j, k]
        Assert.Equal(10712, v[0, 0, 0]);
        Assert.Equal(11881, v[12, 20, 16]);
        Assert.Equal(2971, v[24, 40, 32]);
        Assert.Equal(6777, v[5, 30, 10]);
        Assert.Equal(10513, v[20, 10, 20]);
        Assert.Equal("spm - 3D normalized", v.Metadata[NiftiMetadataKeys.Descrip]);
    }

    [Fact]
    public void Anatomical_sform_becomes_lps_geometry()
    {
        var v = NiftiReader.Read(Sample("anatomical.nii"));

        // nibabel affine (RAS): [[-2, 0, 0, 32], [0, 2, 0, -40], [0, 0, 2, -16]], sform_code 2.
        var g = v.Geometry;
        Assert.Equal(new Spacing3(2, 2, 2), g.Spacing);
        AssertVector(new Vector3d(1, 0, 0), g.AxisW);
        AssertVector(new Vector3d(0, -1, 0), g.AxisH);
        AssertVector(new Vector3d(0, 0, 1), g.AxisD);
        AssertVector(new Vector3d(-32, 40, -16), g.Origin);
        // nibabel: affine @ (10, 30, 5, 1) = RAS (12, 20, -6).
        AssertVector(new Vector3d(-12, -20, -6), g.WorldOf(5, 30, 10));
        Assert.Equal("sform aligned_anat", v.Metadata[NiftiMetadataKeys.Transform]);
    }

    [Fact]
    public void Gzipped_uint16_label_uses_its_qform_and_matches_nibabel()
    {
        var v = NiftiReader.Read(Sample("anatomical_label.nii.gz")).As<ushort>();

        // nibabel: little-endian uint16, sform_code 0, qform_code 1, quatern (b, c, d) = (0, 1, 0), pixdim[0] = -1,
        // affine identical to anatomical.nii's; 330 voxels equal 1, the rest 0; first (C order) at (7, 4, 12),
        // mean index (16.39393939, 16.83939394, 12).
        Assert.Equal(new Shape3(25, 41, 33), v.Shape);
        Assert.Equal("qform scanner_anat", v.Metadata[NiftiMetadataKeys.Transform]);
        Assert.Equal(330.0, Sum(v));
        Assert.Equal(1, v[12, 4, 7]);
        double si = 0, sj = 0, sk = 0, n = 0;
        for (var k = 0; k < 25; k++)
            for (var j = 0; j < 41; j++)
                for (var i = 0; i < 33; i++)
                    if (v[k, j, i] != 0) { si += i; sj += j; sk += k; n++; }
        Assert.Equal(16.39393939, si / n, 1e-6);
        Assert.Equal(16.83939394, sj / n, 1e-6);
        Assert.Equal(12.0, sk / n, 1e-9);

        var image = NiftiReader.Read(Sample("anatomical.nii"));
        Assert.True(image.Geometry.ApproximatelyEquals(v.Geometry), $"image {image.Geometry} vs label {v.Geometry}");
    }

    [Fact]
    public void Big_endian_float32_reoriented_image_matches_nibabel()
    {
        var v = NiftiReader.Read(Sample("reoriented_anat_moved.nii")).As<float>();

        // nibabel: shape (21, 26, 22), dtype >f4, sum 32739769.449157715 (float64 accumulation).
        Assert.Equal(new Shape3(22, 26, 21), v.Shape);
        Assert.Equal(32739769.449157715, Sum(v), 1e-3);
        Assert.Equal(8117.22021484375f, v[11, 13, 10]);
        Assert.Equal(11448.9306640625f, v[8, 20, 5]);
        Assert.Equal(0f, v[0, 0, 0]);

        // nibabel affine (RAS): diag(4, 4, 4), offset (-35.2978973389, -47.9775848389, -27.5994091034);
        // affine @ (5, 20, 8, 1) = (-15.29789734, 32.02241516, 4.4005909).
        var g = v.Geometry;
        Assert.Equal(new Spacing3(4, 4, 4), g.Spacing);
        AssertVector(new Vector3d(-1, 0, 0), g.AxisW);
        AssertVector(new Vector3d(0, -1, 0), g.AxisH);
        AssertVector(new Vector3d(0, 0, 1), g.AxisD);
        AssertVector(new Vector3d(35.2978973389, 47.9775848389, -27.5994091034), g.Origin);
        AssertVector(new Vector3d(15.29789734, -32.02241516, 4.4005909), g.WorldOf(8, 20, 5));
    }

    [Fact]
    public void Reoriented_label_reads_through_its_qform()
    {
        var v = NiftiReader.Read(Sample("reoriented_anat_moved_label.nii.gz")).As<ushort>();

        // nibabel: uint16, qform only (code 1), 75 ones; qform offset z -27.5994110107 (float32 qoffset_z);
        // affine @ (5, 20, 8, 1) = (-15.29789734, 32.02241516, 4.40058899); first one at (5, 18, 9).
        Assert.Equal(new Shape3(22, 26, 21), v.Shape);
        Assert.Equal(75.0, Sum(v));
        Assert.Equal(1, v[9, 18, 5]);
        AssertVector(new Vector3d(35.2978973389, 47.9775848389, -27.5994110107), v.Geometry.Origin);
        AssertVector(new Vector3d(15.29789734, -32.02241516, 4.40058899), v.Geometry.WorldOf(8, 20, 5));
    }

    [Fact]
    public void Pynrrd_nifti_ball_is_the_ball_of_radius_15_around_the_grid_centre()
    {
        var path = TestPaths.RequireSharedData(Path.Combine("nrrd-samples", "pynrrd", "BallBinary30x30x30.nii.gz"));
        var v = VolumeFile.Read(path).As<short>();

        Assert.Equal(new Shape3(30, 30, 30), v.Shape);
        // Brute force: the ball is exactly the voxels within 15 of (14.5, 14.5, 14.5), holding 257 (checked
        // against nibabel's array, which has 14328 such voxels and 12672 zeros).
        var inside = 0;
        for (var k = 0; k < 30; k++)
            for (var j = 0; j < 30; j++)
                for (var i = 0; i < 30; i++)
                {
                    var r2 = (i - 14.5) * (i - 14.5) + (j - 14.5) * (j - 14.5) + (k - 14.5) * (k - 14.5);
                    var expected = r2 <= 225 ? (short)257 : (short)0;
                    Assert.Equal(expected, v[k, j, i]);
                    if (expected != 0) inside++;
                }
        Assert.Equal(14328, inside);
        // sform diag(-1, -1, 1) in RAS is the identity in LPS, as the NRRD copies of the ball say.
        Assert.True(VolumeGeometry.Identity.ApproximatelyEquals(v.Geometry), v.Geometry.ToString());
        Assert.Equal("BYTESKIP -1 TEST", v.Metadata[NiftiMetadataKeys.Descrip]);
    }
}
