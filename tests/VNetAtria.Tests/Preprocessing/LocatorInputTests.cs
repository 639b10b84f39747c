using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

/// <summary>The locator's input (pad to the canvas, downscale) and its inverse back to the input's grid.</summary>
public class LocatorInputTests
{
    private static readonly VolumeGeometry Geometry = new() { Spacing = new Spacing3(1.25, 0.625, 0.625), Origin = new Vector3d(3, -4, 5) };

    [Fact]
    public void The_input_has_the_scaled_canvas_shape_and_keeps_no_intensity_normalisation()
    {
        var image = new Volume<short>(new Shape3(8, 16, 16), Enumerable.Repeat((short)7, 2048).ToArray(), Geometry);
        var input = new LocatorInput(new Shape3(8, 16, 16), new ScaleFactors(0.5, 0.25, 0.25));

        var small = input.Image(image);

        Assert.Equal(new Shape3(4, 4, 4), small.Shape);
        Assert.Equal(input.InputShape, small.Shape);
        Assert.All(small.Data, v => Assert.Equal(7f, v, 4)); // raw intensities (the original fed the locator no z-score)
    }

    [Fact]
    public void At_scale_one_the_inverse_restores_every_voxel_and_the_geometry()
    {
        var data = Enumerable.Range(1, 3 * 4 * 5).Select(i => (float)i).ToArray();
        var image = new Volume<float>(new Shape3(3, 4, 5), data, Geometry);
        var input = new LocatorInput(new Shape3(5, 6, 7), new ScaleFactors(1, 1, 1));

        var (canvas, padding) = input.Pad(image);
        var back = input.ToInputGrid(input.FromCanvas(canvas), canvas.Geometry, padding);

        Assert.Equal(image.Shape, back.Shape);
        Assert.True(back.Geometry.ApproximatelyEquals(image.Geometry));
        for (var i = 0; i < data.Length; i++) Assert.Equal(data[i], back.Data[i], 4);
    }

    [Fact]
    public void A_downscaled_map_comes_back_on_the_input_grid()
    {
        var image = new Volume<float>(new Shape3(6, 10, 12), new float[720], Geometry);
        var input = new LocatorInput(new Shape3(8, 16, 16), new ScaleFactors(0.5, 0.25, 0.25));
        var (canvas, padding) = input.Pad(image);
        var map = new Volume<float>(input.InputShape, Enumerable.Repeat(0.25f, (int)input.InputShape.VoxelCount).ToArray(), input.FromCanvas(canvas).Geometry);

        var back = input.ToInputGrid(map, canvas.Geometry, padding);

        Assert.Equal(image.Shape, back.Shape);
        Assert.True(back.Geometry.ApproximatelyEquals(image.Geometry));
        Assert.All(back.Data, v => Assert.Equal(0.25f, v, 5));
    }

    [Fact]
    public void A_volume_larger_than_the_canvas_is_refused_naming_the_case_unless_cropping_is_allowed()
    {
        var image = new Volume<float>(new Shape3(10, 4, 4), new float[160], Geometry);
        var strict = new LocatorInput(new Shape3(8, 8, 8), new ScaleFactors(0.5, 0.5, 0.5));

        var e = Assert.Throws<PreprocessingException>(() => strict.Image(image, "case-7"));
        Assert.Contains("case-7", e.Message);
        Assert.Equal(new Shape3(4, 4, 4), (strict with { Oversize = OversizePolicy.CentreCrop }).Image(image).Shape);
    }
}
