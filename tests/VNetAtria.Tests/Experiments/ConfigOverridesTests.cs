using VNetAtria.Experiments;
using VNetAtria.Losses;

namespace VNetAtria.Tests.Experiments;

public sealed class ConfigOverridesTests
{
    private const string Minimal = """{ "name": "t", "data": { "root": "/data/LASC" } }""";

    private static ExperimentConfig With(params string[] overrides) => ExperimentConfigLoader.Parse(Minimal, "t.json", overrides);

    private static IReadOnlyList<string> Problems(params string[] overrides) =>
        Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(Minimal, "t.json", overrides)).Problems;

    [Fact]
    public void Dotted_overrides_set_fields_with_their_types_converted()
    {
        var c = With("segmenter.epochs=5", "device=cuda:0", "data.root=/data/LASC 2018", "segmenter.optimiser.lr=2.5e-5",
            "segmenter.model.attention=true", "segmenter.loss.alpha.kind=rebalance", "seed=12345678901",
            "preprocessing.locatorScale=0.5,0.5,0.5", "prediction.ttaFlips=[1,2]", "threads=2", "preprocessing.canvas=none", "locator.enabled=false");
        Assert.Equal(5, c.Segmenter.Epochs);
        Assert.Equal("cuda:0", c.Device);
        Assert.Equal("/data/LASC 2018", c.Data.Root);
        Assert.Equal(2.5e-5, c.Segmenter.Optimiser.Lr);
        Assert.True(c.Segmenter.Model.Attention);
        Assert.Equal(AlphaScheduleKind.Rebalance, c.Segmenter.Loss.Alpha.Kind);
        Assert.Equal(12345678901L, c.Seed);
        Assert.Equal([0.5, 0.5, 0.5], c.Preprocessing.LocatorScale);
        Assert.Equal([1, 2], c.Prediction.TtaFlips);
        Assert.Equal(2, c.Threads);
        Assert.Null(c.Preprocessing.CanvasShape);
    }

    [Fact]
    public void An_override_may_create_an_optional_section_and_clear_a_nullable_field()
    {
        var c = With("data.root=null", "data.synthetic.cases=6", "threads=2", "threads=null");
        Assert.Null(c.Data.Root);
        Assert.Equal(6, c.Data.Synthetic!.Cases);
        Assert.Equal("small", c.Data.Synthetic.Profile);
        Assert.Null(c.Threads);
    }

    [Fact]
    public void Overrides_are_applied_after_the_file_and_after_its_base()
    {
        var c = ExperimentConfigLoader.Parse("""{ "name": "t", "data": { "root": "r" }, "segmenter": { "epochs": 7 } }""", "t.json", ["segmenter.epochs=9"]);
        Assert.Equal(9, c.Segmenter.Epochs);
    }

    [Fact]
    public void The_prediction_threshold_accepts_original_for_the_originals_1_0()
    {
        Assert.Equal(1.0, With("prediction.threshold=original").Prediction.Threshold);
        Assert.Equal(1.0, ExperimentConfigLoader.Parse("""{ "name": "t", "data": { "root": "r" }, "prediction": { "threshold": "original" } }""").Prediction.Threshold);
        Assert.Equal("segmenter.optimiser.lr: expected a number, found \"original\"", Assert.Single(Problems("segmenter.optimiser.lr=original")));
    }

    [Fact]
    public void Keys_match_field_names_ignoring_case()
    {
        Assert.Equal(4, With("Segmenter.BatchSize=4").Segmenter.BatchSize);
    }

    [Fact]
    public void An_unknown_path_is_an_error_naming_it_and_the_fields_expected()
    {
        var p = Assert.Single(Problems("segmenter.optimizer.lr=1"));
        Assert.StartsWith("segmenter.optimizer: unknown field (in override 'segmenter.optimizer.lr=1'); expected one of ", p);
        Assert.Contains("optimiser", p);
    }

    [Fact]
    public void A_value_that_does_not_convert_names_the_field_and_the_expected_kind()
    {
        var p = Problems("segmenter.epochs=many", "segmenter.model.attention=yes", "segmenter.optimiser.lr=fast", "seed=null", "segmenter.epochs.x=1", "nokey");
        Assert.Contains("segmenter.epochs: expected an integer, found 'many' (in override 'segmenter.epochs=many')", p);
        Assert.Contains("segmenter.model.attention: expected true or false, found 'yes' (in override 'segmenter.model.attention=yes')", p);
        Assert.Contains("segmenter.optimiser.lr: expected a number, found 'fast' (in override 'segmenter.optimiser.lr=fast')", p);
        Assert.Contains("seed: cannot be null (in override 'seed=null')", p);
        Assert.Contains(p, x => x.StartsWith("segmenter.epochs: is not an object", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("nokey: an override must be key=value", StringComparison.Ordinal));
        Assert.Equal(6, p.Count);
    }

    [Fact]
    public void An_override_with_an_unknown_enum_name_or_an_invalid_value_fails_like_the_file_would()
    {
        Assert.Equal("segmenter.loss.kind: unknown value 'l1'; expected dice|focal|hybrid|dice-cross-entropy", Assert.Single(Problems("segmenter.loss.kind=l1")));
        Assert.Equal("segmenter.optimiser.lr must be > 0, found -1", Assert.Single(Problems("segmenter.optimiser.lr=-1")));
    }
}
