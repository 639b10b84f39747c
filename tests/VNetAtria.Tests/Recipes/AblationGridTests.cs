using VNetAtria.Experiments;
using VNetAtria.Recipes;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Recipes;

public sealed class AblationGridTests : IDisposable
{
    private readonly string runs = TestPaths.NewTempDir("vnetatria-ablation");

    public void Dispose() => Directory.Delete(runs, recursive: true);

    private NotebookSettings Settings(string profile = "small", string source = "synthetic", string root = "") => new()
    {
        Profile = profile, DataSource = source, DataRoot = root, Device = "cpu", Seed = 7, RunFolder = runs,
        ConfigsFolder = Path.Combine(TestPaths.RepoRoot, "configs"),
    };

    [Fact]
    public void Every_small_experiment_shares_the_grids_own_locator_and_its_data_and_applies_its_overrides_then_the_common_ones()
    {
        var grid = new AblationGrid(Settings(), ["segmenter.epochs=3", "segmenter.optimiser.lr=0.0003"]);
        var locator = Path.Combine(runs, "06-ablations", "locator");
        Assert.False(grid.PipelineLocatorAvailable);
        Assert.Equal(locator, grid.LocatorFolder);
        Assert.False(grid.LocatorTrained);

        var hybrid = grid.Config("vnet-hybrid", ["segmenter.loss.kind=hybrid", "segmenter.epochs=50"]);
        var plain = grid.Config("vnet-dice", []);
        Assert.Equal("vnet-hybrid", hybrid.Name);
        Assert.Equal(LossKind.Hybrid, hybrid.Segmenter.Loss.Kind);
        Assert.Equal(LossKind.Dice, plain.Segmenter.Loss.Kind);
        // The common overrides come last: they win over an entry's own.
        Assert.Equal(3, hybrid.Segmenter.Epochs);
        Assert.Equal(0.0003, hybrid.Segmenter.Optimiser.Lr);
        foreach (var c in new[] { hybrid, plain })
        {
            Assert.Equal(locator, c.Locator.Pretrained);
            Assert.Null(c.Data.Synthetic);
            Assert.Equal(Path.Combine(locator, "data"), c.Data.Root);
            Assert.Equal(7, c.Seed);
            Assert.Equal("cpu", c.Device);
        }
        // Everything but the name, the shared data and locator and the common overrides is the pipeline config's
        // (compared as JSON: the config records hold arrays, which records compare by reference).
        var pipeline = Settings().PipelineConfig();
        var expected = pipeline with
        {
            Name = "vnet-dice", Data = plain.Data, Locator = pipeline.Locator with { Pretrained = locator },
            Segmenter = pipeline.Segmenter with { Epochs = 3, Optimiser = pipeline.Segmenter.Optimiser with { Lr = 0.0003 } },
        };
        Assert.Equal(expected.ToJson(), plain.ToJson());
        Assert.Equal(Path.Combine(runs, "06-ablations", "vnet-dice"), grid.RunFolder("vnet-dice"));
        // The grid's own locator run trains the pipeline's locator on the synthetic cohort.
        var locatorConfig = grid.LocatorConfig();
        Assert.Null(locatorConfig.Locator.Pretrained);
        Assert.Equal((pipeline with { Name = locatorConfig.Name }).ToJson(), locatorConfig.ToJson());
        Assert.NotNull(locatorConfig.Data.Synthetic);
    }

    [Fact]
    public void A_trained_pipeline_locator_with_its_data_is_reused_instead()
    {
        var settings = Settings();
        Directory.CreateDirectory(Path.Combine(settings.PipelineFolder, "locator"));
        File.WriteAllText(Path.Combine(settings.PipelineFolder, "locator", "checkpoint-best.ckpt"), "");
        var grid = new AblationGrid(settings);
        Assert.False(grid.PipelineLocatorAvailable); // no cohort beside it yet
        Directory.CreateDirectory(Path.Combine(settings.PipelineFolder, "data"));
        Assert.True(grid.PipelineLocatorAvailable);
        Assert.Equal(settings.PipelineFolder, grid.LocatorFolder);
        Assert.True(grid.LocatorTrained);
        var config = grid.Config("vnet-dice", []);
        Assert.Equal(settings.PipelineFolder, config.Locator.Pretrained);
        Assert.Equal(Path.Combine(settings.PipelineFolder, "data"), config.Data.Root);
    }

    [Fact]
    public void The_full_profile_runs_the_original_rows_with_the_grids_locator()
    {
        var grid = new AblationGrid(Settings("full"));
        Assert.Equal(["02-vnet-dice", "03-vnet-hybrid", "04-attention-dil3-dice", "05-attention-dil4-dice", "06-attention-dil4-hybrid", "07-vnet-layers2-dice"],
            AblationGrid.OriginalGrid.Select(e => e.Name));
        var row6 = grid.Config("06-attention-dil4-hybrid", []);
        // The original's row 6: attention dil 4, Hybrid, lr 2.5e-5, batch 3, 200 epochs; its locator is ours.
        Assert.True(row6.Segmenter.Model.Attention);
        Assert.Equal(4, row6.Segmenter.Model.AttentionDilation);
        Assert.Equal(LossKind.Hybrid, row6.Segmenter.Loss.Kind);
        Assert.Equal(2.5e-5, row6.Segmenter.Optimiser.Lr);
        Assert.Equal(3, row6.Segmenter.BatchSize);
        Assert.Equal(200, row6.Segmenter.Epochs);
        Assert.Equal(Path.Combine(runs, "06-ablations", "locator"), row6.Locator.Pretrained);
        Assert.Equal(6, OriginalResults.RowFor(row6));
        // Row 1's locator, trained once for the grid (configs/original/01-locator.json).
        var locator = grid.LocatorConfig();
        Assert.Equal(1e-4, locator.Locator.Optimiser.Lr);
        Assert.Equal(5, locator.Locator.BatchSize);
        Assert.Null(locator.Locator.Pretrained);

        var e = Assert.Throws<ArgumentException>(() => grid.Config("vnet-dice", []));
        Assert.Contains("vnet-dice.json does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("02-vnet-dice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uamt_h5_data_has_no_locator_and_real_data_is_read_where_it_is()
    {
        var data = TestPaths.NewTempDir("vnetatria-uamt");
        try
        {
            var grid = new AblationGrid(Settings(source: "uamt-h5", root: data));
            Assert.False(grid.UsesLocator);
            Assert.Null(grid.SharedSyntheticData);
            var config = grid.Config("vnet-dice", []);
            Assert.False(config.Locator.Enabled);
            Assert.Null(config.Locator.Pretrained);
            Assert.Equal(data, config.Data.Root);
        }
        finally { Directory.Delete(data, true); }
    }

    [Fact]
    public void An_unknown_profile_is_rejected_when_the_grid_is_made()
    {
        var e = Assert.Throws<ArgumentException>(() => new AblationGrid(Settings("medium")));
        Assert.Contains("profile 'medium' is not known", e.Message, StringComparison.Ordinal);
    }
}
