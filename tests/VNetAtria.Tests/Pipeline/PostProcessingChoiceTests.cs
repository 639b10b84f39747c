using VNetAtria.Metrics;
using VNetAtria.Pipeline;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Pipeline;

public sealed class PostProcessingChoiceTests
{
    private static CaseMetrics Case(double dice, double hd95) =>
        new("c", new OverlapCounts(0, 0, 0, 0), dice, 0, 0, 0, 0, 0, hd95, 0, 0, false, false, 0);

    [Fact]
    public void Auto_keeps_the_largest_component_when_dice_is_not_lower_and_hd95_drops()
    {
        // Removing an island far away: Dice rises a little, HD95 falls a lot.
        var choice = PostProcessingChoice.Decide(null, [Case(0.80, 20), Case(0.90, 4)], [Case(0.81, 5), Case(0.90, 4)]);
        Assert.True(choice.Chosen);
        Assert.Equal("auto", choice.Setting);
        Assert.Equal(0.85, choice.Without.Dice, 12);
        Assert.Equal(0.855, choice.With.Dice, 12);
        Assert.Equal(12, choice.Without.Hd95, 12);
        Assert.Equal(4.5, choice.With.Hd95, 12);
    }

    [Fact]
    public void Auto_leaves_it_off_when_it_costs_dice_even_if_hd95_improves()
    {
        // Dropping a true part cut off by a thin gap: Dice falls.
        var choice = PostProcessingChoice.Decide(null, [Case(0.85, 10)], [Case(0.70, 6)]);
        Assert.False(choice.Chosen);
        Assert.Contains("trades", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_leaves_it_off_when_nothing_changes()
    {
        var choice = PostProcessingChoice.Decide(null, [Case(0.85, 10)], [Case(0.85, 10)]);
        Assert.False(choice.Chosen);
        Assert.Contains("does not help", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_configured_setting_is_obeyed_and_both_variants_are_still_reported(bool configured)
    {
        var choice = PostProcessingChoice.Decide(configured, [Case(0.85, 10)], [Case(0.70, 6)]);
        Assert.Equal(configured, choice.Chosen);
        Assert.Equal(configured ? "on" : "off", choice.Setting);
        Assert.Equal(0.70, choice.With.Dice, 12);
    }

    [Fact]
    public void The_choice_round_trips_through_its_file_and_a_broken_file_is_named()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, RunFolder.PostProcessingFileName);
        var choice = PostProcessingChoice.Decide(null, [Case(0.80, double.NaN)], [Case(0.82, double.NaN)]);
        choice.Write(path);
        var back = PostProcessingChoice.TryRead(path)!;
        Assert.Equal(choice.Chosen, back.Chosen);
        Assert.Equal(choice.Reason, back.Reason);
        Assert.True(double.IsNaN(back.With.Hd95));
        Assert.Null(PostProcessingChoice.TryRead(Path.Combine(dir, "absent.json")));
        File.WriteAllText(path, "{ not json");
        var e = Assert.Throws<VNetAtria.Results.RunFolderException>(() => PostProcessingChoice.TryRead(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
