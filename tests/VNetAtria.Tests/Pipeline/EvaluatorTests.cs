using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Pipeline;
using VNetAtria.Preprocessing;

namespace VNetAtria.Tests.Pipeline;

/// <summary>The in-memory evaluation: hand-computed metrics, and training's label rule on the reference.</summary>
public class EvaluatorTests
{
    // One row of 6 voxels, 2 mm apart along W: every foreground voxel is surface.
    private static readonly Shape3 Row = new(1, 1, 6);
    private static readonly Spacing3 RowSpacing = new(1, 1, 2);

    private static Volume<T> Line<T>(params T[] values) where T : unmanaged, System.Numerics.INumber<T> =>
        new(Row, values, new VolumeGeometry { Spacing = RowSpacing });

    [Fact]
    public void Two_overlapping_segments_give_the_hand_computed_metrics()
    {
        // Prediction w = 1, 2; reference w = 2, 3 (stored as 255): TP 1 (w2), FP 1 (w1), FN 1 (w3), TN 3.
        var prediction = Line<byte>(0, 1, 1, 0, 0, 0);
        var reference = Line<byte>(0, 0, 255, 255, 0, 0);

        var m = Evaluator.Evaluate("c", prediction, reference, RowSpacing);

        Assert.Equal(new OverlapCounts(1, 1, 1, 3), m.Counts);
        Assert.Equal(0.5, m.Dice);                      // 2*1 / (2*1 + 1 + 1)
        Assert.Equal(1.0 / 3, m.Jaccard);               // 1 / (1 + 1 + 1)
        Assert.Equal(0.5, m.Precision);
        Assert.Equal(0.5, m.Recall);
        Assert.Equal(0.75, m.Specificity);              // 3 / (3 + 1)
        // Surface distances: w1 -> w2 and w3 -> w2 are 2 mm, w2 -> w2 is 0 (both directions: 2, 0 and 0, 2).
        Assert.Equal(2.0, m.Hausdorff, 6);
        Assert.Equal(2.0, m.Hausdorff95, 6);
        Assert.Equal(1.0, m.Assd, 6);
        Assert.Equal(1.0, m.AverageSurfaceDistance, 6);
        Assert.False(m.HasEmptyMask);
    }

    [Fact]
    public void References_stored_as_0_1_and_0_255_and_any_element_type_give_identical_metrics()
    {
        var prediction = Line<byte>(0, 1, 1, 0, 0, 0);

        var expected = Evaluator.Evaluate("c", prediction, Line<byte>(0, 0, 1, 1, 0, 0), RowSpacing);

        Assert.Equal(expected, Evaluator.Evaluate("c", prediction, Line<byte>(0, 0, 255, 255, 0, 0), RowSpacing));
        Assert.Equal(expected, Evaluator.Evaluate("c", prediction, Line<short>(0, 0, 255, 255, 0, 0), RowSpacing));
        Assert.Equal(expected, Evaluator.Evaluate("c", prediction, Line<float>(0, 0, 1, 1, 0, 0), RowSpacing));
    }

    [Fact]
    public void The_prediction_threshold_applies_to_probability_maps()
    {
        var probabilities = Line<float>(0.1f, 0.7f, 0.9f, 0.5f, 0, 0);   // > 0.5: w1, w2 (0.5 itself is background)

        var m = Evaluator.Evaluate("c", probabilities, Line<byte>(0, 0, 255, 255, 0, 0), RowSpacing, new EvaluationOptions { Threshold = 0.5 });

        Assert.Equal(new OverlapCounts(1, 1, 1, 3), m.Counts);
    }

    [Fact]
    public void A_reference_with_other_values_is_an_error_naming_the_file_the_values_and_the_way_out()
    {
        var prediction = Line<byte>(0, 1, 1, 0, 0, 0);
        var reference = Line<byte>(0, 0, 2, 2, 7, 0);

        var e = Assert.Throws<PreprocessingException>(() => Evaluator.Evaluate("c", prediction, reference, RowSpacing, referenceSource: "/data/c/laendo.nrrd"));

        Assert.Contains("/data/c/laendo.nrrd", e.Message);
        Assert.Contains("2 (2 voxels), 7 (1 voxels)", e.Message);
        Assert.Contains("--reference-labels foreground-above-zero", e.Message);
        // The way out: every value above 0 is foreground (the old "> 0" rule).
        var m = Evaluator.Evaluate("c", prediction, reference, RowSpacing, new EvaluationOptions { ReferenceLabels = LabelValueMapping.ForegroundAboveZero });
        Assert.Equal(new OverlapCounts(1, 1, 2, 2), m.Counts);
    }

    [Fact]
    public void Different_shapes_and_geometries_are_errors_naming_both_sides()
    {
        var prediction = Line<byte>(0, 1, 1, 0, 0, 0);
        var other = new Volume<byte>(new Shape3(1, 2, 3), geometry: new VolumeGeometry { Spacing = RowSpacing });
        var moved = prediction.WithGeometry(new VolumeGeometry { Spacing = RowSpacing, Origin = new Vector3d(5, 0, 0) });

        Assert.Throws<ArgumentException>(() => Evaluator.Evaluate("c", prediction, other, RowSpacing));
        var shape = Assert.Throws<ArgumentException>(() => Evaluator.SharedSpacing("c", prediction, "p.nrrd", other, "r.nrrd"));
        Assert.Contains("p.nrrd", shape.Message);
        Assert.Contains("r.nrrd", shape.Message);
        var geometry = Assert.Throws<ArgumentException>(() => Evaluator.SharedSpacing("c", prediction, "p.nrrd", moved, "r.nrrd"));
        Assert.Contains("--spacing", geometry.Message);
        Assert.Equal(new Spacing3(3, 3, 3), Evaluator.SharedSpacing("c", prediction, "p.nrrd", moved, "r.nrrd", new Spacing3(3, 3, 3)));
        Assert.Equal(RowSpacing, Evaluator.SharedSpacing("c", prediction, "p.nrrd", prediction, "r.nrrd"));
    }
}
