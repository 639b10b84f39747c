using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Imaging.Formats.Nrrd;

/// <summary>Files written by other tools (pynrrd's conformance set, 3D Slicer), read from the shared data folder.</summary>
public class NrrdSampleFileTests
{
    private static string Pynrrd(string name) => TestPaths.RequireSharedData(Path.Combine("nrrd-samples", "pynrrd", name));

    private static string Slicer(string name) => TestPaths.RequireSharedData(Path.Combine("nrrd-samples", "slicer-ct", name));

    [Theory]
    [InlineData("BallBinary30x30x30.nrrd")]
    [InlineData("BallBinary30x30x30_gz.nrrd")]
    [InlineData("BallBinary30x30x30_bz2.nrrd")]
    [InlineData("BallBinary30x30x30_gz_lineskip.nrrd")]
    [InlineData("BallBinary30x30x30_gz_byteskip_minus_one.nrrd")] // pynrrd wrote "byte skip:= -1": a key:=value, not the field
    [InlineData("BallBinary30x30x30.nhdr")]
    [InlineData("BallBinary30x30x30_byteskip_minus_one.nhdr")]
    [InlineData("BallBinary30x30x30_byteskip_minus_one_nifti.nhdr")] // the last 54000 bytes of a gzipped NIfTI file
    public void Every_encoding_of_the_pynrrd_ball_decodes_to_the_bytes_of_its_raw_file(string name)
    {
        var truth = File.ReadAllBytes(Pynrrd("BallBinary30x30x30.raw")); // int16 little-endian, written by pynrrd

        var volume = NrrdReader.Read(Pynrrd(name));

        Assert.Equal(VoxelType.Int16, volume.VoxelType);
        Assert.Equal(new Shape3(30, 30, 30), volume.Shape);
        Assert.Equal(truth, volume.AsBytes().ToArray());
        Assert.True(volume.Geometry.ApproximatelyEquals(VolumeGeometry.Identity, 0, 0, 0));
    }

    [Fact]
    public void A_negative_byte_skip_other_than_minus_one_is_refused()
    {
        var e = NrrdTestData.ReadFails(Pynrrd("BallBinary30x30x30_byteskip_minus_five.nhdr"), NrrdFieldNames.ByteSkip);
        Assert.Contains("-1", e.Message);
    }

    [Fact]
    public void A_gzipped_nifti_read_without_byte_skip_has_too_much_data()
    {
        var e = NrrdTestData.ReadFails(Pynrrd("BallBinary30x30x30_nifti.nhdr"), NrrdFieldNames.Encoding);
        Assert.Contains("too much data", e.Message);
    }

    [Fact]
    public void A_2d_ascii_image_is_read_as_one_slice_with_its_old_style_spacings()
    {
        var volume = NrrdReader.Read(Pynrrd("test2d_ascii.nrrd")).As<ushort>();

        Assert.Equal(new Shape3(1, 9, 3), volume.Shape);
        Assert.Equal(Enumerable.Range(1, 27).Select(i => (ushort)i), volume.Data);
        Assert.Equal(new Spacing3(1, 2, 1.0458000000000001), volume.Geometry.Spacing);
        Assert.Equal(new Vector3d(0, 0, 1), volume.Geometry.AxisD); // W x H = x x y
        Assert.Null(volume.Geometry.SourceSpace);
    }

    [Fact]
    public void One_dimensional_files_are_refused_but_their_header_and_custom_fields_read()
    {
        NrrdTestData.ReadFails(Pynrrd("test1d_ascii.nrrd"), NrrdFieldNames.Dimension);

        var header = NrrdReader.ReadHeader(Pynrrd("test_customFields.nrrd"));
        Assert.Equal(3, header.Version);
        Assert.Equal(
            ["int", "double", "string", "int list", "double list", "string list", "int vector", "double vector", "int matrix", "double matrix"],
            header.KeyValues.Keys);
        // Values are kept verbatim after ":=" as teem does, including the space pynrrd's file puts there.
        Assert.Equal(" This is a long string of information that is important.", header.KeyValues["string"]);
        Assert.Equal(" (1.2,0.3,0) (0,1.5,0) (0,-0.55,1.6)", header.KeyValues["double matrix"]);
    }

    [Fact]
    public void Four_dimensional_files_are_refused_with_a_hint()
    {
        var e = NrrdTestData.ReadFails(Pynrrd("test_simple4d_raw.nrrd"), NrrdFieldNames.Dimension);
        Assert.Contains("4-D", e.Message);

        e = NrrdTestData.ReadFails(Slicer("SegmentationOverlapping.seg.nrrd"), NrrdFieldNames.Dimension);
        Assert.Contains("unu slice", e.Message);
    }

    [Fact]
    public void Slicer_ct_reads_with_its_negative_directions_turned_into_lps_axes()
    {
        var path = Slicer("CTChest4.nrrd");
        var volume = NrrdReader.Read(path).As<int>();

        Assert.Equal(new Shape3(34, 128, 128), volume.Shape);
        // From the header text: space directions (-3.04687595367432,0,0) (0,-3.04687595367432,0) (0,0,9.9999999999999964), LPS.
        var g = volume.Geometry;
        Assert.Equal(new Spacing3(9.9999999999999964, 3.04687595367432, 3.04687595367432), g.Spacing);
        Assert.Equal(new Vector3d(-1, 0, 0), g.AxisW);
        Assert.Equal(new Vector3d(0, -1, 0), g.AxisH);
        Assert.Equal(new Vector3d(0, 0, 1), g.AxisD);
        Assert.Equal(new Vector3d(193.09599304199222, 216.39599609374994, -340.24999999999994), g.Origin);
        Assert.Equal("left-posterior-superior", g.SourceSpace);
        // Voxels checked independently with Python (gzip + numpy.frombuffer('<i4').reshape(34, 128, 128)).
        Assert.Equal(-3024, volume[0, 0, 0]);
        Assert.Equal(1, volume[17, 64, 64]);
        Assert.Equal(33, volume[10, 50, 90]);
        Assert.Equal(-862, volume[20, 100, 30]);
        Assert.Equal(-597631092L, volume.Data.Sum(v => (long)v));
    }

    [Fact]
    public void Slicer_segmentation_keeps_its_segment_fields_in_order_with_newlines_unescaped()
    {
        var volume = NrrdReader.Read(Slicer("Segmentation.seg.nrrd")).As<byte>();

        Assert.Equal(new Shape3(34, 128, 128), volume.Shape);
        var keys = volume.Metadata.Keys.ToList();
        Assert.Equal(["Segment0_Color", "Segment0_ColorAutoGenerated", "Segment0_Extent", "Segment0_ID"], keys.Take(4));
        Assert.Equal("ribs", volume.Metadata["Segment0_Name"]);
        Assert.Contains("\n0 = leave contours open", volume.Metadata["Segmentation_ConversionParameters"]);
        // Label histogram checked independently with Python.
        Assert.Equal(318643, volume.Data.Count(v => v == 0));
        Assert.Equal(154589, volume.Data.Count(v => v == 7));
    }

    [Fact]
    public void Slicer_segmentation_round_trips_through_our_writer()
    {
        var original = NrrdReader.Read(Slicer("Segmentation.seg.nrrd"));
        var path = Path.Combine(TestPaths.NewTempDir(), "seg.seg.nrrd");
        VolumeFile.Write(path, original);
        var back = NrrdReader.Read(path);

        Assert.True(original.AsBytes().SequenceEqual(back.AsBytes()));
        Assert.Equal(original.Metadata.ToList(), back.Metadata.ToList());
        Assert.True(back.Geometry.ApproximatelyEquals(original.Geometry, 1e-12, 1e-15, 1e-15));
    }
}
