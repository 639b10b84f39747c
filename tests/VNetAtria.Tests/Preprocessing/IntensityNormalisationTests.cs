using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

public class IntensityNormalisationTests
{
    [Fact]
    public void Statistics_are_the_mean_and_population_std_of_every_voxel_of_every_training_image()
    {
        // Voxels 1, 2, 3, 4 and 5: mean 3, population variance (4 + 1 + 0 + 1 + 4) / 5 = 2.
        var a = new Volume<byte>(new Shape3(1, 2, 2), [1, 2, 3, 4]);
        var b = new Volume<byte>(new Shape3(1, 1, 1), [5]);

        var stats = IntensityNormalisation.ComputeStatistics([a, b]);

        Assert.Equal(NormalisationMode.ZScore, stats.Mode);
        Assert.Equal(3.0, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(2), stats.StandardDeviation, 12);
        Assert.Equal(5, stats.VoxelCount);
        Assert.Equal(2, stats.CaseCount);
    }

    [Fact]
    public void Applying_statistics_z_scores_another_image_and_inverting_restores_it()
    {
        var stats = new NormalisationStatistics(NormalisationMode.ZScore, 10, 4, 100, 3);
        var image = new Volume<byte>(new Shape3(1, 1, 3), [2, 10, 22], VolumeGeometry.WithSpacingOnly(Spacing3.Lasc));

        var z = IntensityNormalisation.Apply(image, stats);

        Assert.Equal(new[] { -2f, 0f, 3f }, z.Data);
        Assert.Equal(image.Geometry, z.Geometry);
        Assert.Equal(new[] { 2f, 10f, 22f }, IntensityNormalisation.Invert(z, stats).Data);
    }

    [Fact]
    public void The_no_op_mode_passes_already_normalised_images_through()
    {
        var image = new Volume<float>(new Shape3(1, 1, 3), [-1.5f, 0.25f, 2f]);

        var same = IntensityNormalisation.Apply(image, NormalisationStatistics.Identity);

        Assert.Equal(image.Data, same.Data);
    }

    [Fact]
    public void Constant_training_images_have_std_0_and_are_refused_with_an_explanation()
    {
        var flat = new Volume<byte>(new Shape3(2, 2, 2), Enumerable.Repeat((byte)9, 8).ToArray());

        var e = Assert.Throws<PreprocessingException>(() => IntensityNormalisation.ComputeStatistics([flat]));

        Assert.Contains("standard deviation is 0", e.Message);
        Assert.Throws<PreprocessingException>(() => new NormalisationStatistics(NormalisationMode.ZScore, 1, 0, 1, 1).Validated());
    }

    [Fact]
    public void Statistics_round_trip_through_json()
    {
        var stats = new NormalisationStatistics(NormalisationMode.ZScore, 41.123456789012345, 27.5, 123456789012, 80);
        var dir = TestSupport.TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "normalisation.json");
            PreprocessingJson.Write(path, stats);
            Assert.Equal(stats, PreprocessingJson.Read<NormalisationStatistics>(path));
            Assert.Contains("\"zScore\"", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
