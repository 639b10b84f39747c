using VNetAtria.Training;

namespace VNetAtria.Tests.Training;

public class LearningRateScheduleTests
{
    private static readonly LearningRateSchedule Poly = new() { Kind = LearningRateScheduleKind.Poly };

    [Fact]
    public void Poly_without_warm_up_is_nnUNets_formula_per_step()
    {
        // nnU-Net: initial_lr * (1 - epoch / max_epochs)^0.9; values from Python: 0.5**0.9, 0.1**0.9.
        Assert.Equal(1e-2, Poly.LearningRateAt(1e-2, 0, 10, 0), 15);
        Assert.Equal(1e-2 * 0.5358867312681466, Poly.LearningRateAt(1e-2, 5, 10, 0), 15);
        Assert.Equal(1e-2 * 0.12589254117941673, Poly.LearningRateAt(1e-2, 9, 10, 0), 15);
        // Another exponent: (1 - 3/4)^2 = 1/16.
        Assert.Equal(1.0 / 16, (Poly with { Exponent = 2 }).LearningRateAt(1, 3, 4, 0), 15);
    }

    [Fact]
    public void Warm_up_rises_linearly_to_the_initial_rate_then_the_decay_starts_there()
    {
        // 4 warm-up steps of 14: 1/4, 2/4, 3/4, 4/4 of lr0, then poly over the remaining 10 steps from lr0.
        Assert.Equal([0.25, 0.5, 0.75, 1.0, 1.0], Enumerable.Range(0, 5).Select(s => Poly.LearningRateAt(1, s, 14, 4)));
        Assert.Equal(0.5358867312681466, Poly.LearningRateAt(1, 9, 14, 4), 15);
        var cosine = new LearningRateSchedule { Kind = LearningRateScheduleKind.Cosine };
        Assert.Equal([0.5, 1.0, 1.0], Enumerable.Range(0, 3).Select(s => cosine.LearningRateAt(1, s, 12, 2)));
    }

    [Fact]
    public void Cosine_falls_from_the_initial_rate_towards_the_minimum()
    {
        var cosine = new LearningRateSchedule { Kind = LearningRateScheduleKind.Cosine, MinLearningRate = 1e-4 };
        Assert.Equal(1e-2, cosine.LearningRateAt(1e-2, 0, 10, 0), 15);
        // Half-way: (1 + cos(pi/2)) / 2 = 1/2 of the span above the minimum.
        Assert.Equal(1e-4 + (1e-2 - 1e-4) / 2, cosine.LearningRateAt(1e-2, 5, 10, 0), 15);
        // Step 9 of 10: t = 0.9, (1 + cos(0.9 pi)) / 2 = 0.024471741852423234 (Python).
        Assert.Equal(1e-4 + (1e-2 - 1e-4) * 0.024471741852423234, cosine.LearningRateAt(1e-2, 9, 10, 0), 15);
        // A poly minimum: the decay ends above it.
        Assert.True((Poly with { MinLearningRate = 1e-3 }).LearningRateAt(1e-2, 9, 10, 0) > 1e-3);
    }

    [Fact]
    public void The_rate_is_positive_and_never_rises_after_the_warm_up()
    {
        foreach (var kind in new[] { LearningRateScheduleKind.Poly, LearningRateScheduleKind.Cosine })
        {
            var schedule = new LearningRateSchedule { Kind = kind };
            var rates = Enumerable.Range(0, 300).Select(s => schedule.LearningRateAt(3e-4, s, 300, 30)).ToArray();
            Assert.All(rates, r => Assert.True(r > 0 && r <= 3e-4));
            for (var s = 31; s < rates.Length; s++) Assert.True(rates[s] < rates[s - 1], $"{kind}: step {s} rises");
        }
    }

    [Fact]
    public void Invalid_settings_are_named()
    {
        Assert.Contains("WarmupEpochs", Assert.Throws<ArgumentException>(() => new LearningRateSchedule { WarmupEpochs = -1 }.Validated()).Message);
        Assert.Contains("Exponent", Assert.Throws<ArgumentException>(() => new LearningRateSchedule { Exponent = 0 }.Validated()).Message);
        Assert.Contains("MinLearningRate", Assert.Throws<ArgumentException>(() => new LearningRateSchedule { MinLearningRate = -1 }.Validated()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Poly.LearningRateAt(1, 0, 10, 10));
        Assert.Throws<InvalidOperationException>(() => new LearningRateSchedule { Kind = LearningRateScheduleKind.Plateau }.LearningRateAt(1, 0, 10, 0));
        var options = new TrainerOptions { MaxEpochs = 5, Schedule = Poly with { WarmupEpochs = 5 } };
        Assert.Contains("WarmupEpochs (5) must be below MaxEpochs (5)", Assert.Throws<ArgumentException>(() => options.Validated()).Message);
    }
}
