using VNetAtria.Imaging;
using VNetAtria.Metrics;

namespace VNetAtria.Tests.Metrics;

public class DistanceTransformTests
{
    /// <summary>The definition itself: min over feature voxels of the spaced Euclidean distance.</summary>
    private static double[] BruteForce(bool[] feature, Shape3 s, Spacing3 sp)
    {
        var result = new double[feature.Length];
        for (var d = 0; d < s.Depth; d++)
        for (var h = 0; h < s.Height; h++)
        for (var w = 0; w < s.Width; w++)
        {
            var best = double.PositiveInfinity;
            for (var d2 = 0; d2 < s.Depth; d2++)
            for (var h2 = 0; h2 < s.Height; h2++)
            for (var w2 = 0; w2 < s.Width; w2++)
            {
                if (!feature[s.Offset(d2, h2, w2)]) continue;
                var dist = Math.Sqrt(Math.Pow((d - d2) * sp.D, 2) + Math.Pow((h - h2) * sp.H, 2) + Math.Pow((w - w2) * sp.W, 2));
                best = Math.Min(best, dist);
            }
            result[s.Offset(d, h, w)] = best;
        }
        return result;
    }

    [Theory]
    [InlineData(1, 0.05)]
    [InlineData(2, 0.2)]
    [InlineData(3, 0.01)]
    [InlineData(4, 0.5)]
    [InlineData(5, 0.003)]
    public void Matches_brute_force_on_random_masks_with_random_anisotropic_spacing(int seed, double density)
    {
        var rng = new Random(seed);
        var shape = new Shape3(rng.Next(3, 9), rng.Next(3, 11), rng.Next(3, 12));
        var spacing = new Spacing3(0.3 + rng.NextDouble() * 3, 0.3 + rng.NextDouble() * 3, 0.3 + rng.NextDouble() * 3);
        var feature = new bool[shape.VoxelCount];
        for (var i = 0; i < feature.Length; i++) feature[i] = rng.NextDouble() < density;
        feature[rng.Next(feature.Length)] = true;

        var ours = DistanceTransform.DistanceToNearest(feature, shape, spacing);
        var truth = BruteForce(feature, shape, spacing);

        for (var i = 0; i < truth.Length; i++)
            Assert.True(Math.Abs(ours[i] - truth[i]) < 1e-4 * Math.Max(1, truth[i]), $"voxel {i}: {ours[i]} vs brute force {truth[i]} (shape {shape}, spacing {spacing})");
    }

    [Fact]
    public void Without_features_every_distance_is_infinite()
    {
        var d = DistanceTransform.DistanceToNearest(new bool[27], new Shape3(3, 3, 3), Spacing3.One);
        Assert.All(d, v => Assert.True(float.IsPositiveInfinity(v)));
    }

    [Fact]
    public void Distance_inside_is_scipys_edt_of_the_mask()
    {
        // A 1x1x5 row of foreground with background at both ends: distances to the nearest background voxel.
        var mask = new[] { false, true, true, true, false };
        var d = DistanceTransform.DistanceInside(mask, new Shape3(1, 1, 5), new Spacing3(1, 1, 2));
        Assert.Equal(new float[] { 0, 2, 4, 2, 0 }, d);
    }
}
