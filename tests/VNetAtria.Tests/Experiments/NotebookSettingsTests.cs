using VNetAtria.Tests.TestSupport;
using VNetAtria.Recipes;

namespace VNetAtria.Tests.Experiments;

public sealed class NotebookSettingsTests
{
    private static NotebookSettings Settings(string source = "synthetic", string profile = "small", string root = "") => new()
    {
        DataSource = source, Profile = profile, DataRoot = root, Device = "cpu", Seed = 7,
        ConfigsFolder = Path.Combine(TestPaths.RepoRoot, "configs"),
    };

    [Fact]
    public void The_small_synthetic_profile_is_the_demo_cut_down_with_the_notebook_seed_and_device()
    {
        var c = Settings().PipelineConfig();
        Assert.Equal(NotebookSettings.SmallSyntheticCases, c.Data.Synthetic!.Cases);
        Assert.Equal(15, c.Locator.Epochs);
        Assert.Equal(20, c.Segmenter.Epochs);
        Assert.Equal(7, c.Seed);
        Assert.Equal("cpu", c.Device);
        Assert.True(c.Locator.Enabled);
    }

    [Fact]
    public void The_small_profile_trains_the_segmenter_at_the_original_learning_rate()
    {
        Assert.Equal(3e-4, Settings().PipelineConfig().Segmenter.Optimiser.Lr, 12);
    }

    [Fact]
    public void The_full_synthetic_profile_trains_the_original_locator_and_vnet_dice_segmenter()
    {
        var c = Settings(profile: "full").PipelineConfig();
        Assert.Null(c.Locator.Pretrained);
        Assert.Equal(5, c.Locator.BatchSize);
        Assert.Equal(1e-4, c.Locator.Optimiser.Lr, 12);
        Assert.Equal(3e-4, c.Segmenter.Optimiser.Lr, 12);
        Assert.Equal(3, c.Segmenter.BatchSize);
        Assert.Equal(200, c.Segmenter.Epochs);
        Assert.Equal("lasc", c.Data.Synthetic!.Profile);
    }

    [Fact]
    public void Uamt_h5_data_disables_the_locator_and_sets_the_missing_spacing()
    {
        var root = TestPaths.NewTempDir();
        var c = Settings("uamt-h5", root: root).PipelineConfig();
        Assert.False(c.Locator.Enabled);
        Assert.Null(c.Data.Synthetic);
        Assert.Equal(Path.GetFullPath(root), c.Data.Root);
        Assert.Equal([0.625, 0.625, 0.625], c.Data.Spacing!);
    }

    [Theory]
    [InlineData("lasc", "small", "", "dataRoot")]
    [InlineData("dicom", "small", "", "dataSource 'dicom'")]
    [InlineData("synthetic", "huge", "", "profile 'huge'")]
    public void Bad_settings_name_the_setting_and_the_choices(string source, string profile, string root, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => Settings(source, profile, root).PipelineConfig());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
