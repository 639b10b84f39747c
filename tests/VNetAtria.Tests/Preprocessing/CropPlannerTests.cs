using VNetAtria.Imaging;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Preprocessing;

public class CropPlannerTests
{
    private static readonly Shape3 Locator = new(48, 160, 160);

    /// <summary>A locator output of probability 1 inside the box [start, end) and 0 elsewhere.</summary>
    private static LocatorOutput Output(string id, Index3 start, Index3 end, Shape3? shape = null)
    {
        var s = shape ?? Locator;
        var p = new float[s.VoxelCount];
        for (var d = start.D; d < end.D; d++)
            for (var h = start.H; h < end.H; h++)
                for (var w = start.W; w < end.W; w++)
                    p[s.Offset(d, h, w)] = 1f;
        return new LocatorOutput(id, p, s);
    }

    [Fact]
    public void First_and_last_slices_are_those_whose_probability_mass_reaches_the_threshold()
    {
        // A 4x4 block of ones gives every crossed slice mass 16 (>= 10); a lone 0.9 voxel elsewhere gives 0.9 (< 10).
        var output = Output("c", new Index3(10, 20, 30), new Index3(14, 24, 34));
        output.Probabilities[Locator.Offset(40, 100, 100)] = 0.9f;

        var box = SliceMassBounds.Find(output.Probabilities, Locator, threshold: 10);

        Assert.Equal(Box3.FromStartEnd(new Index3(10, 20, 30), new Index3(14, 24, 34)), box);
        // A 2x2 cross-section has mass 4 per slice along that axis: below the threshold, nothing is found.
        var thin = Output("t", new Index3(10, 20, 30), new Index3(30, 22, 32));
        Assert.Null(SliceMassBounds.Find(thin.Probabilities, Locator, threshold: 10));
    }

    [Fact]
    public void Slice_masses_are_the_sums_over_the_two_other_axes()
    {
        var shape = new Shape3(3, 5, 37); // 37 columns: vector body and scalar tail
        var rng = new VNetAtria.Data.SplitMix64(11);
        var p = new float[shape.VoxelCount];
        for (var i = 0; i < p.Length; i++) p[i] = (rng.Next() % 1000) / 1000f;

        var (md, mh, mw) = SliceMassBounds.SliceMasses(p, shape);

        for (var d = 0; d < 3; d++)
            for (var h = 0; h < 5; h++)
                for (var w = 0; w < 37; w++)
                {
                    md[d] -= p[shape.Offset(d, h, w)];
                    mh[h] -= p[shape.Offset(d, h, w)];
                    mw[w] -= p[shape.Offset(d, h, w)];
                }
        Assert.All(md.Concat(mh).Concat(mw), r => Assert.Equal(0, r, tolerance: 1e-3));
    }

    [Fact]
    public void Locator_boxes_scale_back_by_the_voxel_footprint_or_as_the_original_divided_indices()
    {
        // first..last = 10..13 in D, 20..23 in H/W; scale (0.5, 0.25, 0.25).
        var box = Box3.FromStartEnd(new Index3(10, 20, 20), new Index3(14, 24, 24));

        var footprint = CropPlanner.ToFullResolution(box, ScaleFactors.Lasc, CanonicalPadding.LascCanvas);
        var original = CropPlanner.ToFullResolution(box, ScaleFactors.Lasc, CanonicalPadding.LascCanvas, ExtentConvention.OriginalIndexScaling);

        Assert.Equal(Box3.FromStartEnd(new Index3(20, 80, 80), new Index3(28, 96, 96)), footprint);
        // The original: first / s .. last / s, extent (last - first) / s = 6 and 12.
        Assert.Equal(Box3.FromStartEnd(new Index3(20, 80, 80), new Index3(26, 92, 92)), original);
    }

    [Theory]
    // largest extent + buffer 35, rounded up to 16, capped at the canvas.
    [InlineData(40, 100, 150, 80, 144, 192)]       // 75 -> 80, 135 -> 144, 185 -> 192
    [InlineData(61, 600, 605, 96, 640, 640)]       // 96 -> 96, 635 -> 640, 640 -> 640 (capped)
    [InlineData(1, 1, 1, 48, 48, 48)]              // 36 -> 48
    public void The_patch_size_is_the_largest_extent_plus_the_buffer_rounded_up_to_16_within_the_canvas(int d, int h, int w, int pd, int ph, int pw) =>
        Assert.Equal(new Shape3(pd, ph, pw), CropPlanner.PatchSize(new Index3(d, h, w), new Index3(35, 35, 35), CanonicalPadding.LascCanvas, 16));

    [Fact]
    public void When_rounding_up_would_pass_the_canvas_the_patch_rounds_down_to_the_largest_multiple_inside_it()
    {
        // Canvas 100: 90 + 35 = 125 -> capped 100 -> 112 > 100 -> 96.
        Assert.Equal(new Shape3(96, 96, 96), CropPlanner.PatchSize(new Index3(90, 90, 90), new Index3(35, 35, 35), new Shape3(100, 100, 100), 16));
    }

    [Fact]
    public void Training_plans_size_the_patch_from_the_largest_case_and_centre_each_window_on_its_box()
    {
        // Case a: D 10..19 (20 slices), H 40..59 (80 rows), W 50..79 (120 cols) at full resolution [20,40) [160,240) [200,320).
        // Case b: D 20..24, H 60..69, W 60..64 -> full [40,50) [240,280) [240,260).
        var outputs = new[]
        {
            Output("a", new Index3(10, 40, 50), new Index3(20, 60, 80)),
            Output("b", new Index3(20, 60, 60), new Index3(25, 70, 65)),
        };

        var plan = CropPlanner.PlanTraining(outputs);

        Assert.Equal(new Index3(20, 80, 120), plan.LargestExtent);
        Assert.Equal(new Shape3(64, 128, 160), plan.PatchSize); // 55 -> 64, 115 -> 128, 155 -> 160
        var a = plan.Case("a");
        Assert.Equal(Box3.FromStartEnd(new Index3(20, 160, 200), new Index3(40, 240, 320)), a.FullBox);
        // centre (30, 200, 260) - patch / 2 (32, 64, 80) = (-2, 136, 180) -> D shifted to 0.
        Assert.Equal(new Box3(new Index3(0, 136, 180), plan.PatchSize), a.Window);
        Assert.True(a.ShiftedAtBorder);
        Assert.False(a.UsedFallback);
        Assert.False(a.BoxCutByWindow);
        Assert.Null(a.Warning);
        // b: centre (45, 260, 250) -> start (13, 196, 170).
        Assert.Equal(new Index3(13, 196, 170), plan.Case("b").Window.Start);
        Assert.Equal(new[] { 37.5, 230, 255 }, plan.MeanCentre);
    }

    [Fact]
    public void A_window_at_the_far_border_is_shifted_back_inside_the_canvas()
    {
        var outputs = new[] { Output("edge", new Index3(40, 150, 150), new Index3(48, 160, 160)) };

        var plan = CropPlanner.PlanTraining(outputs);
        var window = plan.Case("edge").Window;

        Assert.True(window.IsInside(CanonicalPadding.LascCanvas));
        Assert.Equal(CanonicalPadding.LascCanvas.Depth - plan.PatchSize.Depth, window.Start.D);
        Assert.Equal(CanonicalPadding.LascCanvas.Width - plan.PatchSize.Width, window.Start.W);
        Assert.True(plan.Case("edge").ShiftedAtBorder);
    }

    [Fact]
    public void A_case_where_the_locator_finds_nothing_gets_the_fallback_window_a_flag_and_a_warning()
    {
        var outputs = new[]
        {
            Output("a", new Index3(10, 40, 50), new Index3(20, 60, 80)),
            Output("empty", Index3.Zero, Index3.Zero),
        };

        var mean = CropPlanner.PlanTraining(outputs);
        var canvas = CropPlanner.PlanTraining(outputs, new CropPlanOptions { Fallback = CropFallback.CanvasCentre });

        var m = mean.Case("empty");
        Assert.True(m.UsedFallback);
        Assert.Null(m.FullBox);
        Assert.Contains("found nothing", m.Warning);
        Assert.Contains("mean box centre", m.Warning);
        // The mean centre is case a's (30, 200, 260): the same window as a.
        Assert.Equal(mean.Case("a").Window, m.Window);
        Assert.Contains(mean.Warnings, w => w.Contains("1 of 2"));
        // Canvas centre (48, 320, 320) - patch / 2 (32, 64, 80).
        Assert.Equal(new Index3(16, 256, 240), canvas.Case("empty").Window.Start);
        Assert.Contains("canvas centre", canvas.Case("empty").Warning);
    }

    [Fact]
    public void When_no_training_case_is_located_the_patch_is_the_canvas_and_the_plan_warns()
    {
        var plan = CropPlanner.PlanTraining([Output("x", Index3.Zero, Index3.Zero)]);

        Assert.Equal(new Shape3(96, 640, 640), plan.PatchSize);
        Assert.Single(plan.Warnings);
        Assert.Equal(Box3.Whole(CanonicalPadding.LascCanvas), plan.Case("x").Window);
    }

    [Fact]
    public void New_cases_use_the_plans_patch_size_and_are_flagged_when_they_do_not_fit_with_the_prediction_buffer()
    {
        var plan = CropPlanner.PlanTraining([Output("a", new Index3(10, 40, 50), new Index3(20, 60, 80))]);

        // A box of 24 slices (48 full) + buffer 30 = 78 > 64 patch slices; W 40 voxels is cut by a 160 window only if larger.
        var big = CropPlanner.PlanCase(plan, Output("big", new Index3(10, 40, 50), new Index3(34, 60, 80)));
        var small = CropPlanner.PlanCase(plan, Output("small", new Index3(20, 70, 70), new Index3(22, 75, 75)));

        Assert.Equal(plan.PatchSize, big.Window.Size);
        Assert.True(big.BufferShort);
        Assert.False(big.BoxCutByWindow); // 48 slices still fit in 64
        Assert.NotNull(big.Warning);
        Assert.False(small.BufferShort);
        Assert.Null(small.Warning);
        var extended = CropPlanner.WithCases(plan, [Output("small", new Index3(20, 70, 70), new Index3(22, 75, 75))]);
        Assert.Equal(2, extended.Cases.Count);
        Assert.Equal(small, extended.Case("small"));
    }

    [Fact]
    public void A_locator_output_of_the_wrong_shape_is_refused_naming_the_case()
    {
        var e = Assert.Throws<PreprocessingException>(() => CropPlanner.PlanTraining([Output("odd", Index3.Zero, Index3.Zero, new Shape3(44, 160, 160))]));

        Assert.Contains("'odd'", e.Message);
        Assert.Contains("48x160x160", e.Message);
    }

    [Fact]
    public void Crop_recall_is_the_fraction_of_label_voxels_inside_the_window()
    {
        // 2 x 2 x 10 voxels of atrium along W from 5 to 14; the window covers W 0..11: 7 of 10 columns.
        var label = new Volume<byte>(new Shape3(4, 4, 20));
        for (var d = 1; d < 3; d++)
            for (var h = 1; h < 3; h++)
                for (var w = 5; w < 15; w++)
                    label[d, h, w] = 1;

        var cut = CropRecall.Compute("c", label, new Box3(Index3.Zero, new Shape3(4, 4, 12)));
        var whole = CropRecall.Compute("c", label, new Box3(new Index3(0, 0, 4), new Shape3(4, 4, 12)));

        Assert.Equal(40, cut.LabelVoxels);
        Assert.Equal(28, cut.InsideVoxels);
        Assert.Equal(0.7, cut.Recall, 12);
        Assert.True(cut.CutsAtrium);
        Assert.Equal(1.0, whole.Recall);
        Assert.False(whole.CutsAtrium);
    }

    [Fact]
    public void The_plan_round_trips_through_its_json_file()
    {
        var options = new CropPlanOptions { Threshold = 7.5, TrainingBuffer = new Index3(35, 30, 25), Fallback = CropFallback.CanvasCentre, Extent = ExtentConvention.OriginalIndexScaling };
        var plan = CropPlanner.PlanTraining(
            [Output("a", new Index3(10, 40, 50), new Index3(20, 60, 80)), Output("empty", Index3.Zero, Index3.Zero)], options);
        var dir = TestSupport.TestPaths.NewTempDir();
        try
        {
            var path = Path.Combine(dir, "crop-plan.json");
            plan.Save(path);
            var back = CropPlan.Load(path);

            Assert.Equal(plan.Options, back.Options);
            Assert.Equal(plan.PatchSize, back.PatchSize);
            Assert.Equal(plan.LargestExtent, back.LargestExtent);
            Assert.Equal(plan.MeanCentre, back.MeanCentre);
            Assert.Equal(plan.Cases, back.Cases);
            Assert.Equal(plan.Warnings, back.Warnings);
            Assert.Equal(File.ReadAllText(path), PreprocessingJson.ToJson(back));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
