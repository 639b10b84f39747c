using VNetAtria.Data;
using VNetAtria.Imaging;

namespace VNetAtria.Tests.Imaging;

public class ConnectedComponentsTests
{
    [Fact]
    public void Components_are_numbered_in_raster_order_of_their_first_voxel_with_their_sizes()
    {
        // One row: 1 1 0 1 1 1 0 1
        var mask = new byte[] { 1, 1, 0, 1, 1, 1, 0, 1 };

        var c = ConnectedComponents.Label(mask, new Shape3(1, 1, 8), Connectivity.Faces);

        Assert.Equal([1, 1, 0, 2, 2, 2, 0, 3], c.Labels);
        Assert.Equal([2L, 3L, 1L], c.Sizes);
    }

    [Theory]
    [InlineData(1, 1, 1)] // corner neighbour
    [InlineData(0, 1, 1)] // edge neighbour in a plane
    [InlineData(1, 1, 0)] // edge neighbour across planes
    [InlineData(1, 0, 1)]
    public void Voxels_touching_only_diagonally_are_one_component_with_26_connectivity_and_two_with_6(int d, int h, int w)
    {
        var shape = new Shape3(2, 2, 2);
        var mask = new byte[8];
        mask[0] = 1;
        mask[shape.Offset(d, h, w)] = 1;

        Assert.Equal(2, ConnectedComponents.Label(mask, shape, Connectivity.Faces).Count);
        Assert.Equal(1, ConnectedComponents.Label(mask, shape, Connectivity.Full).Count);
    }

    [Fact]
    public void Keeping_the_largest_component_drops_a_corner_touching_line_only_with_6_connectivity()
    {
        // A 2x2x2 cube at the origin and a 3-voxel line along W starting at (2, 2, 2): it touches the cube's corner (1, 1, 1).
        var shape = new Shape3(3, 3, 5);
        var mask = new byte[shape.VoxelCount];
        for (var d = 0; d < 2; d++)
            for (var h = 0; h < 2; h++)
                for (var w = 0; w < 2; w++)
                    mask[shape.Offset(d, h, w)] = 255;
        for (var w = 2; w < 5; w++) mask[shape.Offset(2, 2, w)] = 255;

        var (six, sixCount) = ConnectedComponents.KeepLargest(mask, shape, Connectivity.Faces);
        var (full, fullCount) = ConnectedComponents.KeepLargest(mask, shape, Connectivity.Full);

        Assert.Equal(2, sixCount);
        Assert.Equal(8, six.Count(v => v == 255));
        Assert.Equal(0, six[shape.Offset(2, 2, 2)]);
        Assert.Equal(1, fullCount);
        Assert.Equal(mask, full);
    }

    [Fact]
    public void Keeping_the_largest_component_of_an_empty_mask_gives_an_empty_mask()
    {
        var (mask, count) = ConnectedComponents.KeepLargest(new byte[27], new Shape3(3, 3, 3));

        Assert.Equal(0, count);
        Assert.All(mask, v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData(5, 7, 9, 0.3, Connectivity.Faces)]
    [InlineData(5, 7, 9, 0.3, Connectivity.Full)]
    [InlineData(12, 13, 11, 0.5, Connectivity.Faces)]
    [InlineData(12, 13, 11, 0.5, Connectivity.Full)]
    [InlineData(40, 3, 2, 0.6, Connectivity.Faces)]  // more slabs than the parallel split has planes per slab
    [InlineData(40, 3, 2, 0.6, Connectivity.Full)]
    [InlineData(1, 1, 50, 0.7, Connectivity.Full)]
    [InlineData(9, 20, 1, 0.45, Connectivity.Full)]
    public void Labelling_random_masks_matches_a_brute_force_flood_fill(int depth, int height, int width, double density, Connectivity connectivity)
    {
        var shape = new Shape3(depth, height, width);
        var rng = new SplitMix64((ulong)(depth * 1000 + height * 10 + width));
        var mask = new byte[shape.VoxelCount];
        for (var i = 0; i < mask.Length; i++) mask[i] = rng.NextBelow(1000) < density * 1000 ? (byte)1 : (byte)0;

        var fast = ConnectedComponents.Label(mask, shape, connectivity);
        var (labels, sizes) = FloodFill(mask, shape, connectivity);

        Assert.Equal(labels, fast.Labels);
        Assert.Equal(sizes, fast.Sizes);
    }

    /// <summary>Breadth-first flood fill from each unlabelled foreground voxel in raster order: the definition of connected components.</summary>
    private static (int[] Labels, long[] Sizes) FloodFill(byte[] mask, Shape3 shape, Connectivity connectivity)
    {
        var labels = new int[mask.Length];
        var sizes = new List<long>();
        var offsets = new List<(int, int, int)>();
        for (var dd = -1; dd <= 1; dd++)
            for (var dh = -1; dh <= 1; dh++)
                for (var dw = -1; dw <= 1; dw++)
                {
                    var n = Math.Abs(dd) + Math.Abs(dh) + Math.Abs(dw);
                    if (n == 0 || (connectivity == Connectivity.Faces && n > 1)) continue;
                    offsets.Add((dd, dh, dw));
                }
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                {
                    var i = (int)shape.Offset(d, h, w);
                    if (mask[i] == 0 || labels[i] != 0) continue;
                    sizes.Add(0);
                    var label = sizes.Count;
                    var queue = new Queue<(int D, int H, int W)>();
                    labels[i] = label;
                    queue.Enqueue((d, h, w));
                    while (queue.Count > 0)
                    {
                        var (cd, ch, cw) = queue.Dequeue();
                        sizes[label - 1]++;
                        foreach (var (od, oh, ow) in offsets)
                        {
                            var (nd, nh, nw) = (cd + od, ch + oh, cw + ow);
                            if (nd < 0 || nh < 0 || nw < 0 || nd >= shape.Depth || nh >= shape.Height || nw >= shape.Width) continue;
                            var j = (int)shape.Offset(nd, nh, nw);
                            if (mask[j] == 0 || labels[j] != 0) continue;
                            labels[j] = label;
                            queue.Enqueue((nd, nh, nw));
                        }
                    }
                }
        return (labels, sizes.ToArray());
    }
}
