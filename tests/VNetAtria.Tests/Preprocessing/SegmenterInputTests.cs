using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

/// <summary>
/// The segmenter's input and its inverse, against hand-computed values: padding and cropping move voxels without
/// changing them, the inverse puts every voxel of the window back where it came from, z-scoring is (v - mean) / std.
/// </summary>
public class SegmenterInputTests
{
    private static readonly VolumeGeometry Geometry = new() { Spacing = new Spacing3(1.25, 0.625, 0.5), Origin = new Vector3d(-10, 20.5, 7) };

    private static Volume<float> Ramp(Shape3 shape)
    {
        var data = new float[shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = i + 1;
        return new Volume<float>(shape, data, Geometry);
    }

    [Fact]
    public void The_inverse_of_a_window_holding_the_whole_volume_restores_every_voxel_and_the_geometry()
    {
        var volume = Ramp(new Shape3(3, 5, 6));
        var input = new SegmenterInput(new Shape3(8, 8, 9));

        var (canvas, padding) = input.Pad(volume);
        // Canvas 8x8x9 from 3x5x6: before (2, 1, 1); the volume's own voxels are this window of the canvas.
        var window = new Box3(new Index3(2, 1, 1), new Shape3(3, 5, 6));
        var region = SegmenterInput.Crop(canvas, window);
        var back = SegmenterInput.ToInputGrid(region, window, canvas.Shape, padding);

        Assert.Equal(new Index3(2, 1, 1), padding!.Before);
        Assert.Equal(volume.Data, region.Data);
        Assert.Equal(volume.Data, back);
    }

    [Fact]
    public void The_inverse_of_a_smaller_window_puts_its_voxels_back_in_place_and_zeros_elsewhere()
    {
        var volume = Ramp(new Shape3(4, 4, 4));
        var input = new SegmenterInput(new Shape3(6, 6, 6));
        var (canvas, padding) = input.Pad(volume);
        var window = new Box3(new Index3(2, 2, 2), new Shape3(2, 2, 2)); // the input's voxels (1..2, 1..2, 1..2)

        var back = SegmenterInput.ToInputGrid(input.Region(volume, window), window, canvas.Shape, padding);

        for (var d = 0; d < 4; d++)
            for (var h = 0; h < 4; h++)
                for (var w = 0; w < 4; w++)
                {
                    var i = (d * 4 + h) * 4 + w;
                    var inside = d is 1 or 2 && h is 1 or 2 && w is 1 or 2;
                    Assert.Equal(inside ? i + 1 : 0, back[i]);
                }
    }

    [Fact]
    public void Without_a_canvas_or_window_the_region_is_the_volume_itself()
    {
        var volume = Ramp(new Shape3(2, 3, 4));
        var input = new SegmenterInput(Canvas: null);

        var (canvas, padding) = input.Pad(volume);

        Assert.Same(volume, canvas);
        Assert.Null(padding);
        Assert.Same(volume, input.Region(volume, window: null));
    }

    [Fact]
    public void The_network_input_is_the_z_scored_region_and_padding_takes_the_value_zero_has_after_z_scoring()
    {
        var volume = Ramp(new Shape3(1, 2, 2)); // 1, 2, 3, 4
        var statistics = new NormalisationStatistics(NormalisationMode.ZScore, 2.5, 0.5, 1, 4);
        var input = new SegmenterInput(Canvas: null);

        var network = input.NetworkInput(volume, statistics);

        Assert.Equal([-3f, -1f, 1f, 3f], network.Data);
        Assert.Equal(-5f, SegmenterInput.PaddingValue(statistics));
    }

    [Fact]
    public void Statistics_follow_the_configured_mode()
    {
        var regions = new[] { Ramp(new Shape3(1, 2, 2)) };

        var none = SegmenterInput.Statistics(NormalisationMode.None, regions);
        var zscore = SegmenterInput.Statistics(NormalisationMode.ZScore, regions);

        Assert.Equal(NormalisationStatistics.Identity, none);
        Assert.Equal(2.5, zscore.Mean, 12);                       // mean of 1..4
        Assert.Equal(Math.Sqrt(1.25), zscore.StandardDeviation, 12); // population std of 1..4
    }

    [Fact]
    public void At_half_scale_the_input_halves_each_axis_and_the_inverse_returns_to_the_region_grid()
    {
        var region = new Volume<float>(new Shape3(4, 8, 8), Enumerable.Repeat(3f, 256).ToArray(), Geometry);
        var input = new SegmenterInput(Canvas: null, InputScale: 0.5);

        var small = input.AtInputScale(region);
        var back = input.ToRegionGrid(small.Data, small, region);

        Assert.Equal(new Shape3(2, 4, 4), small.Shape);
        Assert.Equal(region.Geometry.Spacing.W * 2, small.Geometry.Spacing.W, 12);
        Assert.Equal(256, back.Length);
        Assert.All(back, v => Assert.Equal(3f, v, 5)); // a constant stays constant through both resamplings
    }
}
