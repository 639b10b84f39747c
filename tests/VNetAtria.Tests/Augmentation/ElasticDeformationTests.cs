using VNetAtria.Augmentation;
using VNetAtria.Imaging;
using VNetAtria.Tests.TestSupport;
using static TorchSharp.torch;
using static VNetAtria.Tests.Augmentation.AugmentationFixtures;

namespace VNetAtria.Tests.Augmentation;

[Collection(TorchGlobalRngCollection.Name)]
public class ElasticDeformationTests
{
    private static ElasticParameters Constant(Shape3 grid, float d, float h, float w)
    {
        var n = (int)grid.VoxelCount;
        var u = new float[3 * n];
        Array.Fill(u, d, 0, n);
        Array.Fill(u, h, n, n);
        Array.Fill(u, w, 2 * n, n);
        return new ElasticParameters(grid, u);
    }

    [Fact]
    public void Zero_displacement_is_the_identity_even_when_resampled()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(5, 9, 7, (1, 4, 2, 6, 1, 5));
        var zero = Constant(new Shape3(2, 3, 2), 0, 0, 0);
        var result = new SpatialTransform(Elastic: zero).Apply(sample, ImageInterpolation.Linear, ResamplePath.Volume3D);
        Equal(sample.Image, result.Image, 1e-4);
        Equal(sample.Label, result.Label);
    }

    [Fact]
    public void A_constant_field_u_is_the_whole_voxel_shift_by_minus_u()
    {
        using var scope = NewDisposeScope();
        // out(p) = in(p + u): a constant u = (0, 2, -1) moves the content by (0, -2, 1).
        var sample = Cube(4, 10, 8, (1, 3, 3, 7, 2, 5));
        var result = ElasticDeformation.Apply(sample, Constant(new Shape3(2, 4, 3), 0, 2, -1), ImageInterpolation.Nearest);
        var shifted = Translation.Apply(sample, new TranslationParameters(0, -2, 1));
        Equal(shifted.Image, result.Image);
        Equal(shifted.Label, result.Label);
    }

    [Fact]
    public void Random_elastic_fields_stay_within_the_maximum_are_seeded_and_zero_strength_is_the_identity()
    {
        var shape = new Shape3(16, 40, 70);
        var sampler = new RandomElasticDeformation(1, ControlSpacing: 16, MaxDisplacement: 3);
        Assert.Equal(new Shape3(2, 4, 6), sampler.ControlGridFor(shape));
        var a = sampler.Sample(AugmentationRandom.For(5, 1, 2), shape)!;
        var b = sampler.Sample(AugmentationRandom.For(5, 1, 2), shape)!;
        var c = sampler.Sample(AugmentationRandom.For(6, 1, 2), shape)!;
        Assert.Equal(a.Displacements, b.Displacements);
        Assert.NotEqual(a.Displacements, c.Displacements);
        Assert.InRange(a.MaxAbsDisplacement, 0.1, 3);
        Assert.True((new RandomElasticDeformation(1, 16, 0).Sample(new AugmentationRandom(1), shape))!.IsIdentity);
    }

    [Fact]
    public void A_random_deformation_keeps_labels_binary_and_image_aligned_and_moves_voxels_at_most_the_maximum()
    {
        using var scope = NewDisposeScope();
        var sample = Cube(8, 24, 24, (2, 6, 6, 18, 6, 18));
        var e = new RandomElasticDeformation(1, 8, 2).Sample(new AugmentationRandom(42), new Shape3(8, 24, 24))!;
        var result = ElasticDeformation.Apply(sample, e, ImageInterpolation.Nearest);
        Assert.Equal(0, NonBinary(result.Label));
        Assert.Equal(0, Misaligned(result));
        var before = Centroid(sample.Label);
        var after = Centroid(result.Label);
        Assert.InRange(Math.Abs(after.H - before.H), 0, 2.5);
        Assert.InRange(Math.Abs(after.W - before.W), 0, 2.5);
    }

    [Fact]
    public void The_original_alpha_sigma_maps_to_a_sub_voxel_displacement()
    {
        var s = RandomElasticDeformation.FromOriginal(2000, 50);
        Assert.Equal(100, s.ControlSpacing);
        // alpha (4 pi sigma^2)^(-3/4) = 2000 / 31415.93^0.75.
        Assert.Equal(2000 / Math.Pow(4 * Math.PI * 2500, 0.75), s.MaxDisplacement, 12);
        Assert.InRange(s.MaxDisplacement, 0.8, 0.9);
    }

    [Fact]
    public void Bad_elastic_parameters_are_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new ElasticParameters(new Shape3(2, 2, 2), new float[5]).Validated());
        Assert.Contains("3 x 8", e.Message);
        Assert.Throws<ArgumentException>(() => new ElasticParameters(new Shape3(1, 2, 2), new float[12]).Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomElasticDeformation(1, 0).ControlGridFor(new Shape3(4, 4, 4)));
    }
}
