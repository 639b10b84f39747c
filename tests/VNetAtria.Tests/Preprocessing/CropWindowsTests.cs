using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

public class CropWindowsTests
{
    [Fact]
    public void Cropping_a_window_and_pasting_it_back_restores_the_window_voxels_and_the_canvas_geometry()
    {
        var geometry = new VolumeGeometry { Spacing = Spacing3.Lasc, Origin = new Vector3d(-100, 50, 12.5) };
        var canvas = new Volume<int>(new Shape3(6, 8, 10), Enumerable.Range(1, 480).ToArray(), geometry);
        var window = new Box3(new Index3(1, 2, 3), new Shape3(4, 4, 6));

        var patch = CropWindows.Crop(canvas, window);
        var back = CropWindows.Paste(patch, window, canvas.Shape);

        Assert.Equal(canvas.Geometry, back.Geometry);
        Assert.Equal(canvas.Geometry.WorldOf(1, 2, 3), patch.Geometry.Origin);
        for (var d = 0; d < 6; d++)
            for (var h = 0; h < 8; h++)
                for (var w = 0; w < 10; w++)
                    Assert.Equal(window.Contains(new Index3(d, h, w)) ? canvas[d, h, w] : 0, back[d, h, w]);
    }

    [Fact]
    public void Pasting_a_patch_of_another_size_is_refused()
    {
        var patch = new Volume<byte>(new Shape3(2, 2, 2));

        Assert.Throws<PreprocessingException>(() => CropWindows.Paste(patch, new Box3(Index3.Zero, new Shape3(2, 2, 3)), new Shape3(4, 4, 4)));
    }
}
