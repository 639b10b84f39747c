using VNetAtria.Experiments;
using VNetAtria.Losses;
using VNetAtria.Models;
using VNetAtria.Preprocessing;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;

namespace VNetAtria.Tests.Experiments;

public sealed class ExperimentConfigLoadingTests
{
    private const string Minimal = """{ "name": "t", "data": { "root": "/data/LASC" } }""";

    private static ExperimentConfigException Fails(string json, params string[] overrides) =>
        Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Parse(json, "t.json", overrides));

    [Fact]
    public void A_minimal_config_gets_the_originals_defaults()
    {
        var c = ExperimentConfigLoader.Parse(Minimal);
        Assert.Equal(1e-4, c.Locator.Optimiser.Lr);
        Assert.Equal(5, c.Locator.BatchSize);
        Assert.Equal(15, c.Locator.Plateau.Patience);
        Assert.Equal(0.85, c.Locator.Plateau.Factor);
        Assert.Equal(3e-4, c.Segmenter.Optimiser.Lr);
        Assert.Equal(3, c.Segmenter.BatchSize);
        Assert.Equal(7, c.Segmenter.Plateau.Patience);
        Assert.Equal(0.8, c.Segmenter.Plateau.Factor);
        Assert.Equal(200, c.Segmenter.Epochs);
        Assert.Equal(VNetOptions.Original, c.Segmenter.Model);
        Assert.Equal(AlphaSchedule.Original, c.Segmenter.Loss.Alpha);
        Assert.Equal(new VNetAtria.Imaging.Shape3(96, 640, 640), c.Preprocessing.CanvasShape);
        Assert.Equal(ScaleFactors.Lasc, c.Preprocessing.LocatorScaleValue);
        Assert.Equal(0.5, c.Prediction.Threshold);
        Assert.Equal("auto", c.Device);
    }

    [Fact]
    public void A_nested_section_given_in_part_keeps_its_stages_defaults()
    {
        // The locator's defaults differ from the segmenter's; a partial locator section must not fall back to the segmenter's.
        var c = ExperimentConfigLoader.Parse("""{ "name": "t", "data": { "root": "r" }, "locator": { "epochs": 3 } }""");
        Assert.Equal(3, c.Locator.Epochs);
        Assert.Equal(1e-4, c.Locator.Optimiser.Lr);
        Assert.Equal(5, c.Locator.BatchSize);
    }

    [Fact]
    public void An_unknown_field_is_an_error_naming_its_path_and_the_fields_expected()
    {
        var e = Fails("""{ "name": "t", "data": { "root": "r" }, "segmenter": { "loss": { "kind": "dice", "gama": 2 } } }""");
        var problem = Assert.Single(e.Problems);
        Assert.StartsWith("segmenter.loss.gama: unknown field; expected one of ", problem);
        Assert.Contains("kind|region|alpha|focal", problem);
    }

    [Fact]
    public void A_field_spelled_with_the_wrong_case_is_pointed_at_its_right_spelling()
    {
        var e = Fails("""{ "name": "t", "data": { "Root": "r" } }""");
        Assert.Contains("data.Root: unknown field; did you mean 'root'?", e.Problems);
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_accepted_values()
    {
        var e = Fails("""{ "name": "t", "data": { "root": "r" }, "segmenter": { "loss": { "alpha": { "kind": "foo" } } } }""");
        Assert.Equal("segmenter.loss.alpha.kind: unknown value 'foo'; expected constant|original|rebalance", Assert.Single(e.Problems));
    }

    [Fact]
    public void Values_of_the_wrong_kind_and_invalid_values_are_all_listed_at_once()
    {
        var kinds = Fails("""{ "name": "t", "data": { "root": "r" }, "seed": "x", "segmenter": { "batchSize": 2.5, "enabled": 1 }, "bogus": 1 }""");
        Assert.Equal(4, kinds.Problems.Count);
        Assert.Contains("seed: expected an integer, found \"x\"", kinds.Problems);
        Assert.Contains("segmenter.batchSize: expected an integer, found 2.5", kinds.Problems);
        Assert.Contains("segmenter.enabled: expected true or false, found 1", kinds.Problems);
        Assert.Contains(kinds.Problems, p => p.StartsWith("bogus: unknown field", StringComparison.Ordinal));

        var values = Fails("""
            { "name": "t", "data": { "root": "r" }, "device": "gpu",
              "segmenter": { "optimiser": { "lr": -1 }, "batchSize": 0, "plateau": { "factor": 1.5 } },
              "preprocessing": { "canvas": "96x640", "locatorScale": [0.5, 0.25] },
              "prediction": { "threshold": 0 } }
            """);
        Assert.Contains("segmenter.optimiser.lr must be > 0, found -1", values.Problems);
        Assert.Contains("segmenter.batchSize must be >= 1, found 0", values.Problems);
        Assert.Contains("segmenter.plateau.factor: must be in (0, 1), found 1.5", values.Problems);
        Assert.Contains(values.Problems, p => p.StartsWith("device: 'gpu' is not valid", StringComparison.Ordinal));
        Assert.Contains(values.Problems, p => p.StartsWith("preprocessing.canvas: '96x640' is not a shape", StringComparison.Ordinal));
        Assert.Contains(values.Problems, p => p.StartsWith("preprocessing.locatorScale must have 3 values, found 2", StringComparison.Ordinal));
        Assert.Contains(values.Problems, p => p.StartsWith("prediction.threshold: must be in (0, 1]", StringComparison.Ordinal));
        Assert.Equal(7, values.Problems.Count);
        Assert.Contains("7 problems", values.Message);
    }

    [Fact]
    public void Null_is_rejected_where_a_field_is_not_optional()
    {
        var e = Fails("""{ "name": "t", "data": { "root": "r" }, "segmenter": { "model": null } }""");
        Assert.Equal("segmenter.model: must not be null; expected an object", Assert.Single(e.Problems));
    }

    [Fact]
    public void Data_needs_exactly_one_of_a_root_and_a_synthetic_cohort()
    {
        Assert.StartsWith("data: no data", Assert.Single(Fails("""{ "name": "t" }""").Problems));
        Assert.Equal("data: set either root or synthetic, not both",
            Assert.Single(Fails("""{ "name": "t", "data": { "root": "r", "synthetic": {} } }""").Problems));
        var synthetic = ExperimentConfigLoader.Parse("""{ "name": "t", "data": { "synthetic": { "cases": 8 } } }""");
        Assert.Equal(new SyntheticDataConfig { Profile = "small", Cases = 8, Seed = 0 }, synthetic.Data.Synthetic);
    }

    [Fact]
    public void A_locator_input_the_VNet_cannot_take_is_rejected_with_its_shape()
    {
        var e = Fails("""{ "name": "t", "data": { "root": "r" }, "preprocessing": { "canvas": "48x128x128" } }""");
        Assert.StartsWith("preprocessing.locatorScale: gives the locator input 24x32x32", Assert.Single(e.Problems));
    }

    [Fact]
    public void Malformed_json_is_reported_as_such()
    {
        var e = Fails("""{ "name": "t", """);
        Assert.StartsWith("(root): not valid JSON", Assert.Single(e.Problems));
    }

    [Fact]
    public void A_config_survives_a_json_round_trip()
    {
        var c = ExperimentConfigLoader.Parse("""
            { "name": "rt", "description": "round trip", "data": { "synthetic": { "profile": "small", "cases": 12, "seed": 3 }, "spacing": [1, 1.25, 1.25] },
              "preprocessing": { "canvas": "none", "normalisation": "none", "locatorInterpolation": "linear", "segmenterInputScale": 0.5, "crop": { "multiple": 32 } },
              "augmentation": { "preset": "on-the-fly", "elastic": { "probability": 0.25 } },
              "locator": { "enabled": false },
              "segmenter": { "model": { "attention": true, "attentionDilation": 3, "activation": "elu" },
                             "loss": { "kind": "hybrid", "region": "focal", "alpha": { "kind": "rebalance", "floor": 0.2 } }, "earlyStopPatience": 10 },
              "prediction": { "threshold": 1.0, "largestComponent": true, "ttaFlips": [1, 2] }, "device": "cuda:1", "seed": 7, "threads": 2 }
            """);
        var json = c.ToJson();
        var back = ExperimentConfigLoader.Parse(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(c.Segmenter.Model, back.Segmenter.Model);
        Assert.Equal(new AlphaSchedule { Kind = AlphaScheduleKind.Rebalance, Floor = 0.2 }, back.Segmenter.Loss.Alpha);
        Assert.Equal(VNetActivation.ELU, back.Segmenter.Model.Activation);
        Assert.Contains("\"activation\": \"elu\"", json);
        Assert.Contains("\"normalisation\": \"none\"", json);
        Assert.Contains("\"preset\": \"on-the-fly\"", json);
        Assert.Equal(10, back.Segmenter.EarlyStopPatience);
        Assert.Equal([1, 2], back.Prediction.TtaFlips);
    }

    [Fact]
    public void The_defaults_serialise_with_the_documented_enum_spellings()
    {
        var json = new ExperimentConfig().ToJson();
        Assert.Contains("\"normalisation\": \"zscore\"", json);
        Assert.Contains("\"locatorInterpolation\": \"antialiased-nearest\"", json);
        Assert.Contains("\"preset\": \"original-480\"", json);
        Assert.Contains("\"activation\": \"prelu\"", json);
        Assert.Contains("\"layout\": \"auto\"", json);
    }

    [Fact]
    public void Enum_values_are_read_ignoring_case_and_dashes()
    {
        var c = ExperimentConfigLoader.Parse("""{ "name": "t", "data": { "root": "r", "layout": "UAMT_H5" }, "preprocessing": { "normalisation": "ZScore" } }""");
        Assert.Equal(DataLayoutOption.UamtH5, c.Data.Layout);
        Assert.Equal(NormalisationMode.ZScore, c.Preprocessing.Normalisation);
    }

    [Fact]
    public void Extends_merges_the_base_config_first_objects_deeply_and_arrays_whole()
    {
        var dir = TestPaths.NewTempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "base"));
            File.WriteAllText(Path.Combine(dir, "base", "b.json"), """
                { "name": "base", "description": "from base", "data": { "root": "/data", "split": { "seed": 5, "trainFraction": 0.75 } },
                  "segmenter": { "optimiser": { "lr": 0.002 }, "batchSize": 4 }, "prediction": { "ttaFlips": [0, 1, 2] } }
                """);
            File.WriteAllText(Path.Combine(dir, "child.json"), """
                { "extends": "base/b.json", "name": "child", "data": { "split": { "seed": 9 } }, "segmenter": { "batchSize": 2 }, "prediction": { "ttaFlips": [2] } }
                """);
            var c = ExperimentConfigLoader.Load(Path.Combine(dir, "child.json"));
            Assert.Equal("child", c.Name);
            Assert.Equal("from base", c.Description);
            Assert.Equal("/data", c.Data.Root);
            Assert.Equal(9, c.Data.Split.Seed);
            Assert.Equal(0.75, c.Data.Split.TrainFraction);
            Assert.Equal(0.002, c.Segmenter.Optimiser.Lr);
            Assert.Equal(2, c.Segmenter.BatchSize);
            Assert.Equal([2], c.Prediction.TtaFlips);

            File.WriteAllText(Path.Combine(dir, "loop-a.json"), """{ "extends": "loop-b.json" }""");
            File.WriteAllText(Path.Combine(dir, "loop-b.json"), """{ "extends": "loop-a.json" }""");
            var loop = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Load(Path.Combine(dir, "loop-a.json")));
            Assert.Contains("circular", loop.Message);

            File.WriteAllText(Path.Combine(dir, "orphan.json"), """{ "extends": "nowhere.json", "name": "o" }""");
            var missing = Assert.Throws<ExperimentConfigException>(() => ExperimentConfigLoader.Load(Path.Combine(dir, "orphan.json")));
            Assert.StartsWith("extends: base config 'nowhere.json' not found", Assert.Single(missing.Problems));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_budget_schedule_patches_and_dice_cross_entropy_are_read_from_fields_and_overrides()
    {
        var c = ExperimentConfigLoader.Parse("""
            { "name": "t", "data": { "root": "r" },
              "segmenter": { "loss": { "kind": "dice-cross-entropy", "diceCrossEntropy": { "crossEntropy": 0.5 } },
                             "schedule": { "kind": "poly", "warmupEpochs": 3 },
                             "patches": { "size": [64, 96, 96] } } }
            """);
        Assert.Equal(LossKind.DiceCrossEntropy, c.Segmenter.Loss.Kind);
        Assert.Equal(new DiceCrossEntropyWeights { Dice = 1, CrossEntropy = 0.5 }, c.Segmenter.Loss.DiceCrossEntropy);
        Assert.Equal(new LearningRateSchedule { Kind = LearningRateScheduleKind.Poly, WarmupEpochs = 3, Exponent = 0.9 }, c.Segmenter.Schedule);
        Assert.Equal(new VNetAtria.Imaging.Shape3(64, 96, 96), c.Segmenter.Patches!.ToPatchSampling().Size);
        Assert.Equal(1.0 / 3, c.Segmenter.Patches.ForegroundFraction);
        var options = VNetAtria.Pipeline.Stages.StageTraining.TrainerOptions(c.Segmenter);
        Assert.Equal((RegionLossKind.DiceCrossEntropy, 0.5, true), (options.RegionLoss, options.DiceCrossEntropy!.CrossEntropy, options.UsesBudgetSchedule));

        // Absent: the original's behaviour (plateau, whole crops, weights 1 and 1); an override creates the section.
        var plain = ExperimentConfigLoader.Parse(Minimal, overrides: ["segmenter.schedule.kind=cosine", "segmenter.patches.foregroundFraction=0.5"]);
        Assert.Null(ExperimentConfigLoader.Parse(Minimal).Segmenter.Schedule);
        Assert.Null(ExperimentConfigLoader.Parse(Minimal).Segmenter.Patches);
        Assert.Equal(LearningRateScheduleKind.Cosine, plain.Segmenter.Schedule!.Kind);
        Assert.Equal([80, 112, 112], plain.Segmenter.Patches!.Size);
        // A round trip keeps them.
        Assert.Equal(plain.ToJson(), ExperimentConfigLoader.Parse(plain.ToJson()).ToJson());
    }

    [Fact]
    public void Invalid_schedule_patch_and_loss_weight_values_are_named()
    {
        var e = Fails("""
            { "name": "t", "data": { "root": "r" },
              "locator": { "patches": { } },
              "segmenter": { "epochs": 4, "loss": { "diceCrossEntropy": { "dice": 0, "crossEntropy": 0 } },
                             "schedule": { "kind": "poly", "warmupEpochs": 4, "exponent": 0 },
                             "patches": { "size": [80, 100, 112], "foregroundFraction": 1.5 } } }
            """);
        Assert.Contains("segmenter.loss.diceCrossEntropy: both weights are 0, so the loss would be constant; give at least one a positive weight", e.Problems);
        Assert.Contains("segmenter.schedule.warmupEpochs: 4 leaves no epoch of the 4 to decay over; use fewer warm-up epochs", e.Problems);
        Assert.Contains(e.Problems, p => p.StartsWith("segmenter.schedule.exponent", StringComparison.Ordinal));
        Assert.Contains("segmenter.patches.size[1]: must be a positive multiple of 16 (the VNet's four stride-2 stages), found 100", e.Problems);
        Assert.Contains(e.Problems, p => p.StartsWith("segmenter.patches.foregroundFraction", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("locator.patches: patches are for the segmenter", StringComparison.Ordinal));
        Assert.Contains(Fails(Minimal, "segmenter.schedule.kind=linear").Problems, p => p.Contains("expected plateau|poly|cosine", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_config_file_is_a_file_not_found_error()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ExperimentConfigLoader.Load("/nonexistent/x.json"));
        Assert.Contains("/nonexistent/x.json", e.Message);
    }
}
