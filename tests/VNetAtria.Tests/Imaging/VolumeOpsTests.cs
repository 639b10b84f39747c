using VNetAtria.Imaging;

namespace VNetAtria.Tests.Imaging;

public class VolumeOpsTests
{
    private static Volume<int> Ramp(Shape3 shape, VolumeGeometry? geometry = null)
    {
        var data = new int[shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = i + 1;
        return new Volume<int>(shape, data, geometry);
    }

    [Fact]
    public void Crop_takes_the_voxels_of_the_box_and_moves_the_origin_to_its_first_voxel()
    {
        var geometry = new VolumeGeometry { Spacing = new Spacing3(2, 0.5, 0.25), Origin = new Vector3d(10, 20, 30) };
        var v = Ramp(new Shape3(3, 4, 5), geometry);

        var crop = VolumeOps.Crop(v, new Box3(new Index3(1, 2, 3), new Shape3(2, 2, 2)));

        Assert.Equal(new Shape3(2, 2, 2), crop.Shape);
        Assert.Equal(v[1, 2, 3], crop[0, 0, 0]);
        Assert.Equal(v[2, 3, 4], crop[1, 1, 1]);
        // origin + 1*2 along D (+z), 2*0.5 along H (+y), 3*0.25 along W (+x)
        Assert.Equal(new Vector3d(10.75, 21, 32), crop.Geometry.Origin);
    }

    [Fact]
    public void Pad_then_crop_back_restores_voxels_and_geometry_exactly()
    {
        var geometry = new VolumeGeometry { Spacing = new Spacing3(1.5, 0.625, 0.625), Origin = new Vector3d(-3, 4, 7.25) };
        var v = Ramp(new Shape3(3, 5, 4), geometry);

        var padded = VolumeOps.Pad(v, new Index3(1, 2, 0), new Index3(2, 1, 3), fill: -7);
        Assert.Equal(new Shape3(6, 8, 7), padded.Shape);
        Assert.Equal(-7, padded[0, 0, 0]);
        Assert.Equal(v[0, 0, 0], padded[1, 2, 0]);

        var back = VolumeOps.Crop(padded, new Box3(new Index3(1, 2, 0), v.Shape));
        Assert.Equal(v.Data, back.Data);
        Assert.True(back.Geometry.ApproximatelyEquals(v.Geometry, 1e-12));
    }

    [Fact]
    public void Insert_places_a_sub_volume_and_clips_at_the_border()
    {
        var target = new Volume<int>(new Shape3(2, 3, 3));
        var patch = Ramp(new Shape3(1, 2, 2));

        VolumeOps.Insert(target, patch, new Index3(1, 2, 2));

        Assert.Equal(1, target[1, 2, 2]);
        Assert.Equal(1, target.Data.Count(x => x != 0));
    }
}
