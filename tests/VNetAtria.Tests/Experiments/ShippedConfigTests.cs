using VNetAtria.Experiments;
using VNetAtria.Losses;
using VNetAtria.Preprocessing;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Experiments;

public sealed class ShippedConfigTests
{
    private static string ConfigsDir => Path.Combine(TestPaths.RepoRoot, "configs");

    public static TheoryData<string> ShippedConfigs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(ConfigsDir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (!f.EndsWith(".schema.json", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(ConfigsDir, f));
        return data;
    }

    [Fact]
    public void The_configs_folder_ships_the_seven_original_rows_and_their_cpu_counterparts()
    {
        var files = ShippedConfigs().Select(r => (string)r.Data).ToList();
        foreach (var row in OriginalRows)
        {
            Assert.Contains(Path.Combine("original", row.File + ".json"), files);
            Assert.Contains(Path.Combine("cpu", row.File + ".json"), files);
        }
        Assert.Contains(Path.Combine("cpu", "uamt-h5-segmenter.json"), files);
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void Every_shipped_config_loads_and_validates(string relative)
    {
        var config = ExperimentConfigLoader.Load(Path.Combine(ConfigsDir, relative));
        Assert.Empty(config.Validate());
        Assert.Equal(Path.GetFileNameWithoutExtension(relative), config.Name.Replace("cpu-", "").Replace("gpu-", ""));
        Assert.False(string.IsNullOrWhiteSpace(config.Description));
    }

    /// <summary>The original table (docs/original-pipeline.md, "The original results" and "Locator stage"), copied by hand.</summary>
    private static readonly (string File, double Lr, int Batch, LossKind Loss, bool Attention, int AttentionDilation, int Layers, int Patience, double Factor)[] OriginalRows =
    [
        ("01-locator", 1e-4, 5, LossKind.Dice, false, 0, 1, 15, 0.85),
        ("02-vnet-dice", 3e-4, 3, LossKind.Dice, false, 0, 1, 7, 0.8),
        ("03-vnet-hybrid", 3e-4, 3, LossKind.Hybrid, false, 0, 1, 7, 0.8),
        ("04-attention-dil3-dice", 2.5e-4, 3, LossKind.Dice, true, 3, 1, 7, 0.8),
        ("05-attention-dil4-dice", 2.5e-4, 3, LossKind.Dice, true, 4, 1, 7, 0.8),
        ("06-attention-dil4-hybrid", 2.5e-5, 3, LossKind.Hybrid, true, 4, 1, 7, 0.8),
        ("07-vnet-layers2-dice", 1.5e-4, 3, LossKind.Dice, false, 0, 2, 7, 0.8),
    ];

    public static TheoryData<int> RowNumbers() => [1, 2, 3, 4, 5, 6, 7];

    [Theory]
    [MemberData(nameof(RowNumbers))]
    public void Original_configs_carry_the_original_tables_hyper_parameters(int row)
    {
        var expected = OriginalRows[row - 1];
        var config = ExperimentConfigLoader.Load(Path.Combine(ConfigsDir, "original", expected.File + ".json"));
        var stage = row == 1 ? config.Locator : config.Segmenter;
        Assert.Equal(row == 1 ? ExperimentStage.Locator : ExperimentStage.Segmenter, config.EvaluatedStage);
        Assert.Equal(expected.Lr, stage.Optimiser.Lr);
        Assert.Equal(OptimiserKind.Adam, stage.Optimiser.Kind);
        Assert.Equal(expected.Batch, stage.BatchSize);
        Assert.Equal(expected.Loss, stage.Loss.Kind);
        Assert.Equal(expected.Attention, stage.Model.Attention);
        if (expected.Attention)
        {
            Assert.Equal(4, stage.Model.AttentionReduction);
            Assert.Equal(expected.AttentionDilation, stage.Model.AttentionDilation);
        }
        Assert.Equal(expected.Layers, stage.Model.NumLayers);
        Assert.Equal(expected.Patience, stage.Plateau.Patience);
        Assert.Equal(expected.Factor, stage.Plateau.Factor);
        Assert.Equal(200, stage.Epochs);
        Assert.Equal(8, stage.Model.BaseWidth);
        Assert.Equal(1, stage.Model.Dilation);
        if (expected.Loss == LossKind.Hybrid)
        {
            // alpha: 1, minus 0.01 per epoch while alpha - 0.1 >= 0.05.
            Assert.Equal(AlphaScheduleKind.Original, stage.Loss.Alpha.Kind);
            Assert.Equal(1.0, stage.Loss.Alpha.Start);
            Assert.Equal(0.01, stage.Loss.Alpha.Step);
            Assert.Equal(RegionLossKind.Dice, stage.Loss.Region);
        }
        // The shared settings of every row: LASC, 96x640x640, (0.5, 0.25, 0.25), buffers 35/30, threshold 10, 480 samples.
        Assert.Equal(DataLayoutOption.Lasc, config.Data.Layout);
        Assert.Equal(0.8, config.Data.Split.TrainFraction);
        Assert.Equal("96x640x640", config.Preprocessing.Canvas);
        Assert.Equal([0.5, 0.25, 0.25], config.Preprocessing.LocatorScale);
        Assert.Equal(ImageDownscaleInterpolation.AntialiasedNearest, config.Preprocessing.LocatorInterpolation);
        Assert.Equal(NormalisationMode.ZScore, config.Preprocessing.Normalisation);
        Assert.Equal(10, config.Preprocessing.Crop.Threshold);
        Assert.Equal([35, 35, 35], config.Preprocessing.Crop.TrainingBuffer);
        Assert.Equal([30, 30, 30], config.Preprocessing.Crop.PredictionBuffer);
        Assert.Equal(AugmentationPreset.Original480, config.Augmentation.Preset);
        Assert.Equal(3, config.Augmentation.Rotation.MaxDegrees);
        Assert.Equal([0.0, 1.0], config.Augmentation.Noise.StdRange);
        Assert.Equal(1, config.Augmentation.Flip.Axis);
        Assert.Equal(0, config.Augmentation.Elastic.Probability);
        if (row > 1)
        {
            Assert.Equal("runs/01-locator", config.Locator.Pretrained);
            Assert.Equal(row, OriginalResults.RowFor(config));
        }
        else Assert.False(config.Segmenter.Enabled);
    }

    [Fact]
    public void Cpu_configs_keep_their_rows_architecture_and_loss_but_use_synthetic_data_on_the_cpu()
    {
        foreach (var row in OriginalRows)
        {
            var original = ExperimentConfigLoader.Load(Path.Combine(ConfigsDir, "original", row.File + ".json"));
            var cpu = ExperimentConfigLoader.Load(Path.Combine(ConfigsDir, "cpu", row.File + ".json"));
            var (o, c) = (original.Stage(original.EvaluatedStage), cpu.Stage(cpu.EvaluatedStage));
            Assert.Equal(original.EvaluatedStage, cpu.EvaluatedStage);
            Assert.Equal(o.Model with { BaseWidth = c.Model.BaseWidth }, c.Model);
            Assert.Equal(o.Loss.Kind, c.Loss.Kind);
            Assert.NotNull(cpu.Data.Synthetic);
            Assert.Null(cpu.Data.Root);
            Assert.Equal("cpu", cpu.Device);
            Assert.True(c.Epochs <= 30);
            Assert.Equal(OriginalResults.RowFor(original), OriginalResults.RowFor(cpu));
        }
    }

    [Fact]
    public void The_uamt_check_trains_the_segmenter_alone_on_unnormalised_whole_volumes_at_0_625_mm()
    {
        var config = ExperimentConfigLoader.Load(Path.Combine(ConfigsDir, "cpu", "uamt-h5-segmenter.json"));
        Assert.False(config.Locator.Enabled);
        Assert.Equal(DataLayoutOption.UamtH5, config.Data.Layout);
        Assert.Equal([0.625, 0.625, 0.625], config.Data.Spacing!);
        Assert.Equal(NormalisationMode.None, config.Preprocessing.Normalisation);
        Assert.Null(config.Preprocessing.CanvasShape);
    }
}
