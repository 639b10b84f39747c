using VNetAtria.Training;

namespace VNetAtria.Tests.Training;

/// <summary>
/// Expected rates are hand-traced from PyTorch's ReduceLROnPlateau source (mode min, threshold mode rel) and agree with
/// torch 1.13's scheduler run on the same sequences.
/// </summary>
public class ReduceLROnPlateauTests
{
    public static TheoryData<string, double, ReduceLROnPlateauOptions, double[], double[]> Sequences => new()
    {
        // best 0.9 after step 2; steps 3, 4, 5 are bad: the third bad one exceeds patience 2 and halves the rate; again 3 later.
        { "patience", 1.0, new() { Factor = 0.5, Patience = 2 }, [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25] },
        // rel threshold: 0.89995 beats 1.0 but a later 0.8999 does not beat 0.89995 * (1 - 1e-4) = 0.89986, so it counts as bad.
        { "relative threshold", 1.0, new() { Factor = 0.5, Patience = 1 }, [1.0, 0.89995, 0.89995, 0.8999, 0.8999, 0.8999], [1, 1, 1, 0.5, 0.5, 0.25] },
        // cooldown 2 holds the bad count at 0 for two steps after a reduction.
        { "cooldown", 1.0, new() { Factor = 0.5, Patience = 0, Cooldown = 2 }, [1, 2, 2, 2, 2, 2, 2], [1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25] },
        // min lr floors the rate.
        { "min lr", 0.3, new() { Factor = 0.5, Patience = 0, MinLearningRate = 0.1 }, [1, 2, 2, 2, 2], [0.3, 0.15, 0.1, 0.1, 0.1] },
        // a reduction smaller than eps (7.5e-9 < 1e-8) is not applied.
        { "eps", 1.5e-8, new() { Factor = 0.5, Patience = 0 }, [1, 2, 2], [1.5e-8, 1.5e-8, 1.5e-8] },
        // NaN never improves.
        { "nan", 1.0, new() { Factor = 0.5, Patience = 0 }, [1, double.NaN, 0.5, double.NaN], [1, 0.5, 0.5, 0.25] },
        // the original locator's factor compounds: 0.85, 0.85^2, 0.85^3 (as PyTorch's repeated multiplication).
        { "locator factor", 1.0, new() { Factor = 0.85, Patience = 0 }, [1, 1, 1, 1], [1, 0.85, 0.85 * 0.85, 0.85 * 0.85 * 0.85] },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Learning_rates_follow_PyTorch_semantics(string name, double lr, ReduceLROnPlateauOptions options, double[] metrics, double[] expected)
    {
        var scheduler = new ReduceLROnPlateau(options, lr);
        var actual = metrics.Select(scheduler.Step).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"{name}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
    }

    [Fact]
    public void A_scheduler_continued_from_its_saved_state_matches_an_uninterrupted_one()
    {
        var options = new ReduceLROnPlateauOptions { Factor = 0.8, Patience = 2, Cooldown = 1 };
        double[] metrics = [0.9, 0.8, 0.85, 0.85, 0.85, 0.84, 0.9, 0.9, 0.9, 0.9, 0.7, 0.9];
        var whole = new ReduceLROnPlateau(options, 0.01);
        var expected = metrics.Select(whole.Step).ToArray();

        var first = new ReduceLROnPlateau(options, 0.01);
        var part1 = metrics.Take(5).Select(first.Step).ToList();
        var saved = first.State;
        var second = new ReduceLROnPlateau(options, saved);
        part1.AddRange(metrics.Skip(5).Select(second.Step));

        Assert.Equal(expected, part1);
        Assert.Equal(whole.State, second.State);
    }

    [Fact]
    public void Defaults_are_the_original_segmenters_and_the_locator_preset_is_the_original_locators()
    {
        Assert.Equal((0.8, 7), (ReduceLROnPlateauOptions.Segmenter.Factor, ReduceLROnPlateauOptions.Segmenter.Patience));
        Assert.Equal((0.85, 15), (ReduceLROnPlateauOptions.Locator.Factor, ReduceLROnPlateauOptions.Locator.Patience));
        Assert.Equal((1e-4, 0, 0.0, 1e-8), (ReduceLROnPlateauOptions.Segmenter.Threshold, ReduceLROnPlateauOptions.Segmenter.Cooldown,
            ReduceLROnPlateauOptions.Segmenter.MinLearningRate, ReduceLROnPlateauOptions.Segmenter.Eps));
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_option()
    {
        var e = Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(new ReduceLROnPlateauOptions { Factor = 1.2 }, 1e-3));
        Assert.Contains("Factor", e.Message);
        Assert.Contains("1.2", e.Message);
    }
}
