using VNetAtria.Imaging;
using VNetAtria.Models;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Preprocessing;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Pipeline.Prediction;

[Collection(TorchGlobalRngCollection.Name)]
public class PredictorTests
{
    // Intensities 0 / 200: the models' logits are (x - 100) * 1 = -100 / +100, probabilities 0 / 1.
    private static ThresholdModel Bright() => new(100, 1);

    [Fact]
    public void With_locator_and_canvas_padding_the_label_is_the_bright_cube_with_the_inputs_exact_geometry()
    {
        var image = PredictionFixtures.CubeImage();
        var predictor = new Predictor(Bright(), Bright(), new PredictorOptions { Canvas = new Shape3(32, 64, 64), CropPlan = PredictionFixtures.SmallPlan() });

        var r = predictor.Predict(image, "c1");

        AssertSameGrid(image, r.Label);
        Assert.Equal(Truth(image), r.Label.Data);
        Assert.Equal(PredictionMode.LocatorCrop, r.Mode);
        Assert.Equal(new Shape3(16, 32, 32), r.Window.Size);
        Assert.False(r.Flags.HasFlag(PredictionFlags.LocatorFallback));
        Assert.NotNull(r.CasePlan?.FullBox);
        Assert.Equal(["pad", "locate", "crop", "segment", "threshold", "paste"], r.Timings.Select(t => t.Step));
    }

    [Fact]
    public void Without_locator_the_whole_volume_padded_to_16_gives_the_bright_cube_with_the_inputs_exact_geometry()
    {
        var image = PredictionFixtures.CubeImage();
        var predictor = new Predictor(null, Bright(), new PredictorOptions { Canvas = null });

        var r = predictor.Predict(image, "c1");

        AssertSameGrid(image, r.Label);
        Assert.Equal(Truth(image), r.Label.Data);
        Assert.Equal(PredictionMode.WholeVolume, r.Mode);
        Assert.Equal(Box3.Whole(image.Shape), r.Window);
    }

    [Fact]
    public void At_input_scale_one_half_the_cube_comes_back_without_only_its_eight_corner_voxels()
    {
        // The 32x64x64 canvas halves exactly to 16x32x32 and the cube sits on even canvas indices, so every low-resolution
        // voxel is 0 or 200. Trilinear upsampling (centre-aligned) gives 0.75 per axis on the cube's border voxels and
        // 0.25 just outside: 0.75^2 = 0.56 >= 0.5 on edges but 0.75^3 = 0.42 < 0.5 on the eight corners.
        var image = PredictionFixtures.CubeImage();
        var predictor = new Predictor(null, Bright(), new PredictorOptions { Canvas = new Shape3(32, 64, 64), InputScale = 0.5 });

        var r = predictor.Predict(image, "c1");

        AssertSameGrid(image, r.Label);
        var expected = Truth(image);
        var c = PredictionFixtures.Cube;
        foreach (var d in new[] { c.Start.D, c.End.D - 1 })
            foreach (var h in new[] { c.Start.H, c.End.H - 1 })
                foreach (var w in new[] { c.Start.W, c.End.W - 1 })
                    expected[image.Shape.Offset(d, h, w)] = 0;
        Assert.Equal(expected, r.Label.Data);
    }

    [Fact]
    public void Threshold_one_half_keeps_logits_from_zero_up_while_the_originals_rule_keeps_only_saturated_probabilities()
    {
        // Logits straight from the voxel values. sigmoid(15) = 1 - 3e-7 is below 1 in float32; sigmoid(20) and
        // sigmoid(50) round to exactly 1.0 (exp(-20) = 2e-9 vanishes next to 1 at float32 precision, 6e-8).
        float[] logits = [-5, -0.1f, 0, 0.1f, 5, 15, 20, 50];
        var image = new Volume<float>(new Shape3(1, 1, 8), logits);
        var identity = new ThresholdModel(0, 1);

        var half = new Predictor(null, identity, new PredictorOptions { Canvas = null }).Predict(image).Label.Data;
        var original = new Predictor(null, identity, new PredictorOptions { Canvas = null, Threshold = ProbabilityThreshold.Original, ForegroundValue = 255 }).Predict(image).Label.Data;

        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 1], half);
        Assert.Equal([0, 0, 0, 0, 0, 0, 255, 255], original);
    }

    [Fact]
    public void Thresholding_compares_float_probabilities_at_least_the_threshold()
    {
        float[] p = [0.4999999f, 0.5f, 0.99999994f, 1f];

        Assert.Equal([0, 1, 1, 1], ProbabilityThreshold.Apply(p, 0.5));
        Assert.Equal([0, 0, 0, 1], ProbabilityThreshold.Apply(p, 1.0));
        Assert.Throws<PredictionException>(() => ProbabilityThreshold.Apply(p, 0));
    }

    [Fact]
    public void When_the_locator_finds_nothing_the_window_falls_back_and_the_case_is_flagged_not_crashed()
    {
        var image = new Volume<byte>(PredictionFixtures.Shape, null, PredictionFixtures.Oblique());
        var predictor = new Predictor(Bright(), Bright(), new PredictorOptions { Canvas = new Shape3(32, 64, 64), CropPlan = PredictionFixtures.SmallPlan() });

        var r = predictor.Predict(image, "blank");

        Assert.True(r.Flags.HasFlag(PredictionFlags.LocatorFallback));
        Assert.True(r.Flags.HasFlag(PredictionFlags.EmptyPrediction));
        Assert.Null(r.CasePlan!.FullBox);
        Assert.Equal(new Shape3(16, 32, 32), r.Window.Size);
        Assert.Equal(0, r.ForegroundVoxels);
        AssertSameGrid(image, r.Label);
        Assert.NotEmpty(r.Warnings);
    }

    [Fact]
    public void Largest_component_post_processing_removes_the_smaller_blob_and_reports_it()
    {
        var image = PredictionFixtures.CubeImage();
        image[0, 0, 0] = 200; // a one-voxel blob far from the cube
        var predictor = new Predictor(null, Bright(), new PredictorOptions { Canvas = null, LargestComponent = Connectivity.Full });

        var r = predictor.Predict(image);

        Assert.Equal(2, r.Components);
        Assert.True(r.Flags.HasFlag(PredictionFlags.ComponentsRemoved));
        image[0, 0, 0] = 0;
        Assert.Equal(Truth(image), r.Label.Data);
    }

    [Fact]
    public void Flip_test_time_augmentation_of_a_flip_equivariant_model_changes_nothing()
    {
        var image = PredictionFixtures.CubeImage();
        var smooth = new ThresholdModel(100, 0.02); // unsaturated probabilities, so averaging would show any misplaced voxel
        var plain = new Predictor(null, smooth, new PredictorOptions { Canvas = null, KeepProbabilities = true }).Predict(image);
        var flipped = new Predictor(null, smooth, new PredictorOptions { Canvas = null, KeepProbabilities = true, TestTimeFlips = FlipAxes.D | FlipAxes.H | FlipAxes.W }).Predict(image);

        Assert.Equal(plain.Label.Data, flipped.Label.Data);
        for (var i = 0; i < image.Data.Length; i++) Assert.Equal(plain.Probabilities!.Data[i], flipped.Probabilities!.Data[i], 1e-6f);
        Assert.Equal(8, TestTimeFlips.Combinations(FlipAxes.D | FlipAxes.H | FlipAxes.W).Count);
        Assert.Equal([[], [3L], [4L], [3L, 4L]], TestTimeFlips.Combinations(FlipAxes.H | FlipAxes.W));
    }

    [Fact]
    public void Sliding_window_prediction_through_the_predictor_gives_the_cube_on_the_inputs_grid()
    {
        var image = PredictionFixtures.CubeImage();
        var predictor = new Predictor(Bright(), Bright(), new PredictorOptions
        {
            Canvas = new Shape3(32, 64, 64),
            SlidingWindow = new SlidingWindowOptions { PatchSize = new Shape3(16, 32, 32), BatchSize = 2 },
        });

        var r = predictor.Predict(image);

        Assert.Equal(PredictionMode.SlidingWindow, r.Mode);
        AssertSameGrid(image, r.Label);
        Assert.Equal(Truth(image), r.Label.Data);
    }

    [Fact]
    public void Real_vnets_as_locator_and_segmenter_give_a_binary_label_on_the_inputs_grid_and_native_memory_stays_bounded()
    {
        using var locator = VNet.Create(new VNetOptions { BaseWidth = 1 }, 1);
        using var segmenter = VNet.Create(new VNetOptions { BaseWidth = 1 }, 2);
        var image = PredictionFixtures.CubeImage();
        var predictor = new Predictor(locator, segmenter, new PredictorOptions
        {
            Canvas = new Shape3(32, 64, 64),
            CropPlan = PredictionFixtures.SmallPlan(),
            Normalisation = new NormalisationStatistics(NormalisationMode.ZScore, 20, 50, 1000, 1),
            LargestComponent = Connectivity.Faces,
            TestTimeFlips = FlipAxes.H,
        });

        var r = predictor.Predict(image, "vnet");
        var live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (TorchSharp.torch.zeros(1)) Assert.Equal(live + 1, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount); // the counter sees tensors
        for (var i = 0; i < 3; i++) predictor.Predict(image, "vnet");

        AssertSameGrid(image, r.Label);
        Assert.All(r.Label.Data, v => Assert.True(v is 0 or 1));
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_locator_without_a_crop_plan_or_with_a_mismatched_canvas_is_refused_at_construction()
    {
        Assert.Throws<PredictionException>(() => new Predictor(Bright(), Bright(), new PredictorOptions { Canvas = new Shape3(32, 64, 64) }));
        Assert.Throws<PredictionException>(() => new Predictor(Bright(), Bright(), new PredictorOptions { CropPlan = PredictionFixtures.SmallPlan() }));
        Assert.Throws<PredictionException>(() => new Predictor(null, Bright(), new PredictorOptions { InputScale = 2 }));
    }

    /// <summary>1 where the input is bright, else 0: what the threshold model must predict.</summary>
    internal static byte[] Truth(Volume<byte> image) => image.Data.Select(v => v > 100 ? (byte)1 : (byte)0).ToArray();

    internal static void AssertSameGrid(IVolume input, IVolume output)
    {
        Assert.Equal(input.Shape, output.Shape);
        Assert.Equal(input.Geometry, output.Geometry);
        Assert.Equal(input.Metadata, output.Metadata);
    }
}
