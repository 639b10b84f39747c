using VNetAtria.Data;
using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

public class VolumeResamplingTests
{
    private static readonly ScaleFactors Scale = ScaleFactors.Lasc;

    [Theory]
    [InlineData(640, 160, 1.5)]
    [InlineData(96, 48, 0.5)]
    [InlineData(100, 100, 0.0)]
    [InlineData(100, 200, 0.0)]
    public void The_anti_aliasing_sigma_is_skimages_max_0_of_half_the_factor_minus_1(int inSize, int outSize, double sigma) =>
        Assert.Equal(sigma, VolumeResampling.AntiAliasingSigma(inSize, outSize), 12);

    [Fact]
    public void The_lasc_canvas_becomes_48x160x160_with_spacing_scaled_and_its_corner_kept()
    {
        var geometry = new VolumeGeometry { Spacing = Spacing3.Lasc, Origin = new Vector3d(3, -4, 5) };
        var image = new Volume<byte>(new Shape3(96, 640, 640), null, geometry);

        var small = VolumeResampling.DownscaleImage(image, Scale);

        Assert.Equal(new Shape3(48, 160, 160), small.Shape);
        Assert.Equal(new Spacing3(1.25, 2.5, 2.5), small.Geometry.Spacing);
        Assert.True(small.Geometry.WorldOf(-0.5, -0.5, -0.5).ApproximatelyEquals(geometry.WorldOf(-0.5, -0.5, -0.5), 1e-9));
    }

    [Theory]
    [InlineData(ImageDownscaleInterpolation.AntialiasedNearest)]
    [InlineData(ImageDownscaleInterpolation.Linear)]
    public void A_constant_volume_stays_constant(ImageDownscaleInterpolation interpolation)
    {
        var image = new Volume<byte>(new Shape3(10, 24, 72), Enumerable.Repeat((byte)77, 10 * 24 * 72).ToArray());

        var small = VolumeResampling.DownscaleImage(image, Scale, interpolation);

        Assert.Equal(new Shape3(5, 6, 18), small.Shape);
        Assert.All(small.Data, v => Assert.Equal(77f, v, 3));
    }

    [Fact]
    public void Antialiased_nearest_equals_smoothing_everything_with_scipys_mirrored_gaussian_then_sampling()
    {
        // Brute force: a full separable Gaussian (mirror border, truncate 4) over the whole volume in double,
        // then output (d, h, w) takes input (2d + 1, 4h + 2, 4w + 2).
        var shape = new Shape3(6, 20, 40); // rows of 40 bytes exercise both the vectorised and the scalar tail
        var rng = new SplitMix64(7);
        var data = new byte[shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)(rng.Next() % 256);
        var image = new Volume<byte>(shape, data);

        var small = VolumeResampling.DownscaleImage(image, Scale);
        var smooth = data.Select(b => (double)b).ToArray();
        smooth = Smooth(smooth, shape, 0, 0.5);
        smooth = Smooth(smooth, shape, 1, 1.5);
        smooth = Smooth(smooth, shape, 2, 1.5);

        Assert.Equal(new Shape3(3, 5, 10), small.Shape);
        for (var d = 0; d < 3; d++)
            for (var h = 0; h < 5; h++)
                for (var w = 0; w < 10; w++)
                    Assert.Equal(smooth[shape.Offset(2 * d + 1, 4 * h + 2, 4 * w + 2)], small[d, h, w], tolerance: 2e-3); // float accumulation
    }

    [Fact]
    public void Linear_downscale_by_2_averages_each_pair()
    {
        var image = new Volume<float>(new Shape3(1, 1, 6), [0, 2, 4, 8, 10, 20]);

        var small = VolumeResampling.DownscaleImage(image, new ScaleFactors(1, 1, 0.5), ImageDownscaleInterpolation.Linear);

        Assert.Equal(new[] { 1f, 6f, 15f }, small.Data);
    }

    [Theory]
    [InlineData(ImageDownscaleInterpolation.AntialiasedNearest)]
    [InlineData(ImageDownscaleInterpolation.Linear)]
    public void A_blobs_centroid_maps_to_the_expected_place_within_half_a_voxel(ImageDownscaleInterpolation interpolation)
    {
        // A ball centred at full-resolution voxel (20.5, 37.5, 50.5) sits at (20.5 + 0.5) / 2 - 0.5 = 10, (37.5 + 0.5) / 4 - 0.5 = 9
        // and (50.5 + 0.5) / 4 - 0.5 = 12.25 in locator voxels (voxel centres map as x_out = (x_in + 0.5) * scale - 0.5).
        var shape = new Shape3(40, 80, 96);
        var image = new Volume<float>(shape);
        for (var d = 0; d < shape.Depth; d++)
            for (var h = 0; h < shape.Height; h++)
                for (var w = 0; w < shape.Width; w++)
                {
                    var r2 = Math.Pow((d - 20.5) / 8, 2) + Math.Pow((h - 37.5) / 16, 2) + Math.Pow((w - 50.5) / 16, 2);
                    image[d, h, w] = r2 <= 1 ? 100 : 0;
                }

        var small = VolumeResampling.DownscaleImage(image, Scale, interpolation);
        var (cd, ch, cw) = Centroid(small);

        Assert.InRange(cd, 10 - 0.5, 10 + 0.5);
        Assert.InRange(ch, 9 - 0.5, 9 + 0.5);
        Assert.InRange(cw, 12.25 - 0.5, 12.25 + 0.5);
    }

    [Fact]
    public void Nearest_label_downscale_keeps_the_values_0_and_1()
    {
        var shape = new Shape3(16, 32, 32);
        var label = new Volume<byte>(shape);
        var rng = new SplitMix64(3);
        for (var i = 0; i < label.Data.Length; i++) label.Data[i] = (byte)(rng.Next() % 2);

        foreach (var mapping in new[] { LabelCoordinateMapping.CentreAligned, LabelCoordinateMapping.OriginalZoom })
        {
            var small = VolumeResampling.DownscaleLabel(label, Scale, mapping);
            Assert.Equal(new Shape3(8, 8, 8), small.Shape);
            Assert.All(small.Data, v => Assert.True(v <= 1));
            Assert.Contains((byte)1, small.Data);
            Assert.Contains((byte)0, small.Data);
        }
    }

    [Fact]
    public void The_original_zoom_mapping_stretches_the_grid_where_the_centre_mapping_samples_block_centres()
    {
        // 8 -> 4 voxels. Centre: x = (o + 0.5) * 2 - 0.5 = 0.5, 2.5, 4.5, 6.5 -> floor(x + 0.5) = 1, 3, 5, 7.
        // scipy zoom (grid_mode=False): x = o * 7 / 3 = 0, 2.33, 4.67, 7 -> 0, 2, 5, 7.
        var label = new Volume<byte>(new Shape3(1, 1, 8), [10, 11, 12, 13, 14, 15, 16, 17], VolumeGeometry.WithSpacingOnly(Spacing3.One));
        var scale = new ScaleFactors(1, 1, 0.5);

        var centre = VolumeResampling.DownscaleLabel(label, scale);
        var zoom = VolumeResampling.DownscaleLabel(label, scale, LabelCoordinateMapping.OriginalZoom);

        Assert.Equal(new byte[] { 11, 13, 15, 17 }, centre.Data);
        Assert.Equal(new byte[] { 10, 12, 15, 17 }, zoom.Data);
        Assert.Equal(2.0, centre.Geometry.Spacing.W, 12);
        Assert.Equal(0.5, centre.Geometry.Origin.X, 12);
        Assert.Equal(7.0 / 3, zoom.Geometry.Spacing.W, 12);
        Assert.Equal(0.0, zoom.Geometry.Origin.X, 12);
    }

    [Fact]
    public void Nearest_upsampling_gives_each_full_resolution_voxel_the_locator_voxel_that_covers_it()
    {
        var small = new Volume<float>(new Shape3(1, 1, 4), [1, 2, 3, 4]);

        var full = VolumeResampling.Upsample(small, new Shape3(1, 1, 8), VolumeGeometry.Identity, UpsampleInterpolation.Nearest);
        var linear = VolumeResampling.Upsample(small, new Shape3(1, 1, 8), VolumeGeometry.Identity, UpsampleInterpolation.Linear);

        Assert.Equal(new[] { 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f }, full.Data);
        // x = (o + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, ...; edges repeat the end voxels.
        Assert.Equal(new[] { 1f, 1.25f, 1.75f, 2.25f, 2.75f, 3.25f, 3.75f, 4f }, linear.Data);
    }

    [Fact]
    public void A_scale_outside_0_to_1_is_refused()
    {
        var image = new Volume<byte>(new Shape3(2, 2, 2));

        var e = Assert.Throws<PreprocessingException>(() => VolumeResampling.DownscaleImage(image, new ScaleFactors(0.5, 2, 0.5)));

        Assert.Contains("axis 1 (H)", e.Message);
    }

    private static double[] Smooth(double[] src, Shape3 s, int axis, double sigma)
    {
        var radius = (int)(4 * sigma + 0.5);
        var k = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-0.5 * i * i / (sigma * sigma))).ToArray();
        var norm = k.Sum();
        var n = s[axis];
        var dst = new double[src.Length];
        for (var d = 0; d < s.Depth; d++)
            for (var h = 0; h < s.Height; h++)
                for (var w = 0; w < s.Width; w++)
                {
                    int[] at = [d, h, w];
                    var c = at[axis];
                    var sum = 0.0;
                    for (var j = -radius; j <= radius; j++)
                    {
                        // scipy 'mirror': ... 2 1 | 0 1 2 ... n-1 | n-2 n-3 ...
                        var i = c + j;
                        while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
                        at[axis] = i;
                        sum += k[j + radius] * src[s.Offset(at[0], at[1], at[2])];
                    }
                    dst[s.Offset(d, h, w)] = sum / norm;
                }
        return dst;
    }

    private static (double D, double H, double W) Centroid(Volume<float> v)
    {
        double m = 0, sd = 0, sh = 0, sw = 0;
        for (var d = 0; d < v.Shape.Depth; d++)
            for (var h = 0; h < v.Shape.Height; h++)
                for (var w = 0; w < v.Shape.Width; w++)
                {
                    var x = v[d, h, w];
                    m += x;
                    sd += x * d;
                    sh += x * h;
                    sw += x * w;
                }
        return (sd / m, sh / m, sw / m);
    }
}
