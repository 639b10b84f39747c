using VNetAtria.Augmentation;
using VNetAtria.Imaging;

namespace VNetAtria.Tests.Augmentation;

public class AugmentationPolicyTests
{
    private static readonly Shape3 Patch = new(16, 32, 48);

    [Fact]
    public void The_original_recipe_has_480_samples_for_80_cases_80_of_each_kind_and_two_translated_sets()
    {
        var recipe = new OriginalRecipe();
        Assert.Equal(480, recipe.SamplesPerEpoch(80));
        var described = Enumerable.Range(0, 480).Select(i => OriginalRecipe.Describe(i, 80)).ToArray();
        foreach (var kind in Enum.GetValues<OriginalSampleKind>())
        {
            var ofKind = described.Where(x => x.Kind == kind).ToArray();
            Assert.Equal(80, ofKind.Length);
            Assert.Equal(Enumerable.Range(0, 80), ofKind.Select(x => x.CaseIndex).Order());
        }
        var plans = Enumerable.Range(0, 480).Select(i => recipe.Plan(1, 0, i, 80, Patch)).ToArray();
        Assert.Equal(80, plans.Count(p => p == AugmentationPlan.None));
        Assert.Equal(80, plans.Count(p => p.Flip is { Axis: 1 }));
        Assert.Equal(80, plans.Count(p => p.Noise is not null));
        Assert.Equal(80, plans.Count(p => p.Rotation is not null));
        Assert.Equal(160, plans.Count(p => p.Translation is not null));
        Assert.All(plans.Where(p => p.Rotation is not null), p => Assert.InRange(p.Rotation!.Degrees, -3, 2));
        Assert.All(plans.Where(p => p.Translation is not null), p => Assert.Contains(p.Translation!, RandomTranslation.OriginalOffsets));
        Assert.All(plans.Where(p => p.Noise is not null), p => Assert.InRange(p.Noise!.Std, 0, 1));
    }

    [Fact]
    public void The_original_recipe_is_reproducible_keeps_flip_and_noise_sets_fixed_and_redraws_rotation_and_translation_per_epoch()
    {
        var recipe = new OriginalRecipe();
        var epoch0 = Enumerable.Range(0, 60).Select(i => recipe.Plan(5, 0, i, 10, Patch)).ToArray();
        var again = Enumerable.Range(0, 60).Select(i => recipe.Plan(5, 0, i, 10, Patch)).ToArray();
        var epoch1 = Enumerable.Range(0, 60).Select(i => recipe.Plan(5, 1, i, 10, Patch)).ToArray();
        Assert.Equal(epoch0, again);
        for (var i = 20; i < 30; i++) Assert.Equal(epoch0[i], epoch1[i]); // noisy set: fixed
        Assert.Contains(Enumerable.Range(30, 30), i => !Equals(epoch0[i], epoch1[i])); // rotation / translation: redrawn
        var otherSeed = Enumerable.Range(0, 60).Select(i => recipe.Plan(6, 0, i, 10, Patch)).ToArray();
        Assert.NotEqual(epoch0, otherSeed);
    }

    [Fact]
    public void On_the_fly_augmentation_is_a_function_of_seed_epoch_and_sample_and_honours_each_probability()
    {
        var policy = new RandomAugmentation();
        string Key(AugmentationPlan p) => $"{p.Flip}|{p.Rotation}|{p.Translation}|{p.Noise}|{(p.Elastic is null ? "" : string.Join(",", p.Elastic.Displacements))}";
        Assert.Equal(Key(policy.Plan(3, 4, 5, 10, Patch)), Key(policy.Plan(3, 4, 5, 10, Patch)));
        Assert.NotEqual(Key(policy.Plan(3, 4, 5, 10, Patch)), Key(policy.Plan(3, 5, 5, 10, Patch)));
        var plans = Enumerable.Range(0, 3000).Select(i => policy.Plan(1, 0, i, 3000, Patch)).ToArray();
        // Binomial(3000, p): the standard error of a rate is at most 0.009; allow 0.04.
        Assert.Equal(0.5, plans.Count(p => p.Flip is not null) / 3000.0, 0.04);
        Assert.Equal(0.5, plans.Count(p => p.Rotation is not null) / 3000.0, 0.04);
        Assert.Equal(1 / 3.0, plans.Count(p => p.Translation is not null) / 3000.0, 0.04);
        Assert.Equal(0.3, plans.Count(p => p.Elastic is not null) / 3000.0, 0.04);
        Assert.Equal(1 / 6.0, plans.Count(p => p.Noise is not null) / 3000.0, 0.04);
        var noFlip = policy with { Flip = null };
        Assert.All(Enumerable.Range(0, 50), i => Assert.Null(noFlip.Plan(1, 0, i, 50, Patch).Flip));
        // Switching one transform off does not reshuffle the others.
        Assert.Equal(policy.Plan(1, 0, 7, 50, Patch).Rotation, noFlip.Plan(1, 0, 7, 50, Patch).Rotation);
    }

    [Fact]
    public void Keys_separate_neighbouring_and_swapped_inputs_and_permutations_are_permutations()
    {
        Assert.NotEqual(AugmentationRandom.Key(1, 1, 2), AugmentationRandom.Key(1, 2, 1));
        Assert.NotEqual(AugmentationRandom.Key(1, 0), AugmentationRandom.Key(2, 0));
        Assert.Equal(AugmentationRandom.Key(9, 3, 4), AugmentationRandom.Key(9, 3, 4));
        var p = new AugmentationRandom(4).Permutation(100);
        Assert.Equal(Enumerable.Range(0, 100), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), p);
        var r = new AugmentationRandom(8);
        Assert.All(Enumerable.Range(0, 1000).Select(_ => r.NextDouble()), x => Assert.InRange(x, 0, 1 - 1e-17));
    }
}
