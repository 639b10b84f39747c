using TorchSharp;
using VNetAtria.Imaging;
using VNetAtria.Preprocessing;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Pipeline.Prediction;

/// <summary>A deterministic stand-in for a trained network: logits = (x - centre) * gain, voxel by voxel (so it commutes with flips and windows).</summary>
internal sealed class ThresholdModel(double centre, double gain) : nn.Module<Tensor, Tensor>("threshold-model")
{
    private readonly Scalar _centre = centre.ToScalar();
    private readonly Scalar _gain = gain.ToScalar();

    public override Tensor forward(Tensor x) => x.sub(_centre).mul(_gain);
}

/// <summary>Inputs shared by the prediction tests.</summary>
internal static class PredictionFixtures
{
    /// <summary>An oblique geometry with unequal spacing, an origin away from zero, a source space and metadata.</summary>
    public static VolumeGeometry Oblique()
    {
        var a = 30 * Math.PI / 180;
        var b = 20 * Math.PI / 180;
        // Rotation about z by a, then about x by b: an orthonormal frame with no axis aligned to the world's.
        var w = new Vector3d(Math.Cos(a), Math.Sin(a) * Math.Cos(b), Math.Sin(a) * Math.Sin(b));
        var h = new Vector3d(-Math.Sin(a), Math.Cos(a) * Math.Cos(b), Math.Cos(a) * Math.Sin(b));
        var d = w.Cross(h);
        return new VolumeGeometry
        {
            Spacing = new Spacing3(2.5, 0.7, 0.6),
            Origin = new Vector3d(-12.3, 45.6, 7.8),
            AxisD = d,
            AxisH = h,
            AxisW = w,
            SourceSpace = "right-anterior-superior",
        };
    }

    /// <summary>The odd-sized test volume's shape.</summary>
    public static Shape3 Shape => new(21, 37, 41);

    /// <summary>The bright cube [5, 13) x [9, 21) x [11, 25): at even indices of a 32x64x64 canvas (padding 5, 13, 11 before).</summary>
    public static Box3 Cube => Box3.FromStartEnd(new Index3(5, 9, 11), new Index3(13, 21, 25));

    /// <summary>A 21x37x41 uint8 volume: 200 inside <see cref="Cube"/>, 0 elsewhere, with <see cref="Oblique"/> geometry and metadata.</summary>
    public static Volume<byte> CubeImage(Box3? cube = null)
    {
        var shape = Shape;
        var box = cube ?? Cube;
        var v = new Volume<byte>(shape, null, Oblique(), new Dictionary<string, string> { ["patient"] = "phantom", ["note"] = "prediction test" });
        for (var d = box.Start.D; d < box.End.D; d++)
            for (var h = box.Start.H; h < box.End.H; h++)
                for (var w = box.Start.W; w < box.End.W; w++)
                    v[d, h, w] = 200;
        return v;
    }

    /// <summary>A crop plan for a 32x64x64 canvas, the original's locator scale, patch 16x32x32, slice mass threshold 1.</summary>
    public static CropPlan SmallPlan() => new()
    {
        Options = new CropPlanOptions { Canvas = new Shape3(32, 64, 64), Threshold = 1 },
        LargestExtent = new Index3(8, 12, 14),
        PatchSize = new Shape3(16, 32, 32),
        Cases = [],
    };
}
