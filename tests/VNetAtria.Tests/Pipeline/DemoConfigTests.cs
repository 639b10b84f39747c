using VNetAtria.Recipes;

namespace VNetAtria.Tests.Pipeline;

public class DemoConfigTests
{
    [Fact]
    public void The_demo_config_is_valid_and_trains_both_stages_on_generated_phantoms()
    {
        var config = DemoConfig.Load();
        Assert.Empty(config.Validate());
        Assert.NotNull(config.Data.Synthetic);
        Assert.Null(config.Data.Root);
        Assert.True(config.Locator.Enabled && config.Segmenter.Enabled);
        Assert.Null(config.Locator.Pretrained);
        // Half-resolution crops must stay divisible by 16 after halving.
        Assert.Equal(0.5, config.Preprocessing.SegmenterInputScale);
        Assert.Equal(0, config.Preprocessing.Crop.Multiple % 32);
        Assert.Equal("cpu", config.Device);
    }

    [Fact]
    public void Demo_overrides_are_applied_and_unknown_keys_are_refused()
    {
        Assert.Equal(3, DemoConfig.Load(["segmenter.epochs=3"]).Segmenter.Epochs);
        var e = Assert.ThrowsAny<Exception>(() => DemoConfig.Load(["segmenter.epoch=3"]));
        Assert.Contains("segmenter.epoch", e.Message);
    }
}
