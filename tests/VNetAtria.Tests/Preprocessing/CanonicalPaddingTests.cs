using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

public class CanonicalPaddingTests
{
    private static readonly VolumeGeometry Geometry = new() { Spacing = new Spacing3(1.25, 0.625, 0.5), Origin = new Vector3d(-10, 20.5, 7) };

    private static Volume<short> Ramp(Shape3 shape)
    {
        var data = new short[shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = (short)(i + 1);
        return new Volume<short>(shape, data, Geometry);
    }

    [Fact]
    public void An_odd_difference_puts_half_rounded_down_before_and_the_rest_after()
    {
        // 87 -> 96: diff 9, before 4, after 5 (the original's (96 - 87) / 2 = 4 on both sides gave 95 slices).
        var record = CanonicalPadding.Plan(new Shape3(87, 635, 640), new Shape3(96, 640, 640));

        Assert.Equal(new Index3(4, 2, 0), record.Before);
        Assert.Equal(new Index3(5, 3, 0), record.After);
        Assert.False(record.Cropped);
    }

    [Fact]
    public void Padding_then_unpadding_restores_voxels_and_geometry_exactly()
    {
        var v = Ramp(new Shape3(3, 5, 6));

        var (padded, record) = CanonicalPadding.Apply(v, new Shape3(8, 8, 9));
        var back = CanonicalPadding.Invert(padded, record);

        Assert.Equal(new Shape3(8, 8, 9), padded.Shape);
        Assert.Equal(v.Data, back.Data);
        Assert.Equal(v.Shape, back.Shape);
        Assert.Equal(v.Geometry, back.Geometry);
        // before = (2, 1, 1): voxel (0,0,0) lands at (2,1,1), and the padded volume's first voxel lies before it in the world.
        Assert.Equal(v[0, 0, 0], padded[2, 1, 1]);
        Assert.Equal(0, padded[0, 0, 0]);
        Assert.Equal(new Vector3d(-10 - 0.5, 20.5 - 0.625, 7 - 2.5), padded.Geometry.Origin);
        Assert.Equal(v.Data.Sum(x => (long)x), padded.Data.Sum(x => (long)x));
    }

    [Fact]
    public void A_volume_already_the_canvas_size_passes_unchanged()
    {
        var v = Ramp(new Shape3(2, 3, 4));

        var (padded, record) = CanonicalPadding.Apply(v, v.Shape);

        Assert.Equal(Index3.Zero, record.Before);
        Assert.Equal(Index3.Zero, record.After);
        Assert.Equal(v.Data, padded.Data);
        Assert.Equal(v.Geometry, padded.Geometry);
    }

    [Fact]
    public void A_volume_larger_than_the_canvas_is_an_error_naming_the_axis()
    {
        var e = Assert.Throws<PreprocessingException>(() => CanonicalPadding.Plan(new Shape3(88, 700, 640), new Shape3(96, 640, 640), source: "case-3"));

        Assert.Contains("axis 1 (H)", e.Message);
        Assert.Contains("700", e.Message);
        Assert.Contains("case-3", e.Message);
    }

    [Fact]
    public void The_centre_crop_option_cuts_the_excess_evenly_and_its_inverse_restores_the_kept_voxels()
    {
        var v = Ramp(new Shape3(2, 7, 4));

        var (cropped, record) = CanonicalPadding.Apply(v, new Shape3(4, 4, 4), OversizePolicy.CentreCrop);
        var back = CanonicalPadding.Invert(cropped, record);

        // H: 7 -> 4, diff -3: before -1 (one row cut first), after -2.
        Assert.Equal(new Index3(1, -1, 0), record.Before);
        Assert.Equal(new Index3(1, -2, 0), record.After);
        Assert.True(record.Cropped);
        Assert.Equal(v[0, 1, 0], cropped[1, 0, 0]);
        Assert.Equal(v.Geometry, back.Geometry);
        for (var d = 0; d < 2; d++)
            for (var h = 0; h < 7; h++)
                for (var w = 0; w < 4; w++)
                    Assert.Equal(h is >= 1 and <= 4 ? v[d, h, w] : (short)0, back[d, h, w]);
    }

    [Fact]
    public void The_padding_record_round_trips_through_json_and_a_wrong_canvas_is_refused()
    {
        var record = CanonicalPadding.Plan(new Shape3(88, 576, 576), CanonicalPadding.LascCanvas);

        var json = PreprocessingJson.ToJson(record);
        var back = PreprocessingJson.Parse<PaddingRecord>(json, "test");

        Assert.Equal(record, back);
        Assert.Contains("\"before\": [", json);
        var wrong = new Volume<short>(new Shape3(96, 640, 600));
        Assert.Throws<PreprocessingException>(() => CanonicalPadding.Invert(wrong, record));
    }
}
