using VNetAtria.Augmentation;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Augmentation;

/// <summary>Tiny labelled volumes whose answers are known by hand.</summary>
internal static class AugmentationFixtures
{
    /// <summary>
    /// A (1, 1, D, H, W) sample: the label is the box [d0, d1) x [h0, h1) x [w0, w1); the image is 100 inside the box
    /// plus a unique ramp 1 + (d H + h) W + w everywhere scaled into [1, 2), so every voxel is distinguishable and
    /// "image >= 100" marks exactly the label.
    /// </summary>
    public static AugmentationSample Cube(int depth, int height, int width, (int d0, int d1, int h0, int h1, int w0, int w1) box)
    {
        var n = depth * height * width;
        var image = new float[n];
        var label = new float[n];
        for (var d = 0; d < depth; d++)
            for (var h = 0; h < height; h++)
                for (var w = 0; w < width; w++)
                {
                    var i = (d * height + h) * width + w;
                    var inside = d >= box.d0 && d < box.d1 && h >= box.h0 && h < box.h1 && w >= box.w0 && w < box.w1;
                    label[i] = inside ? 1 : 0;
                    image[i] = (inside ? 100 : 0) + 1 + (float)i / n;
                }
        return new AugmentationSample(
            tensor(image, [1, 1, depth, height, width]),
            tensor(label, [1, 1, depth, height, width]));
    }

    public static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    /// <summary>The label's centroid (d, h, w) by brute force over the voxels.</summary>
    public static (double D, double H, double W) Centroid(Tensor label)
    {
        var (depth, height, width) = ((int)label.shape[2], (int)label.shape[3], (int)label.shape[4]);
        var v = Values(label);
        double sd = 0, sh = 0, sw = 0, count = 0;
        for (var d = 0; d < depth; d++)
            for (var h = 0; h < height; h++)
                for (var w = 0; w < width; w++)
                {
                    var x = v[(d * height + h) * width + w];
                    sd += x * d; sh += x * h; sw += x * w; count += x;
                }
        return (sd / count, sh / count, sw / count);
    }

    /// <summary>Voxels where the label is not exactly 0 or 1.</summary>
    public static int NonBinary(Tensor label) => Values(label).Count(x => x != 0 && x != 1);

    /// <summary>Voxels where "image >= 100" and "label = 1" disagree (misalignment under nearest resampling).</summary>
    public static int Misaligned(AugmentationSample s)
    {
        var image = Values(s.Image);
        var label = Values(s.Label);
        return image.Where((x, i) => (x >= 100) != (label[i] == 1)).Count();
    }

    public static void Equal(Tensor expected, Tensor actual, double tolerance = 0)
    {
        Assert.Equal(expected.shape, actual.shape);
        var e = Values(expected);
        var a = Values(actual);
        var worst = e.Select((x, i) => Math.Abs(x - a[i])).Max();
        Assert.True(worst <= tolerance, $"Largest difference {worst} exceeds {tolerance}.");
    }
}
