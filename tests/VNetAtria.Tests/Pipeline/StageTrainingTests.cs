using VNetAtria.Augmentation;
using VNetAtria.Experiments;
using VNetAtria.Losses;
using VNetAtria.Pipeline.Stages;

namespace VNetAtria.Tests.Pipeline;

public class StageTrainingTests
{
    [Fact]
    public void Dice_and_focal_losses_train_with_alpha_one_and_no_level_sets()
    {
        var dice = new StageConfig { Loss = new LossConfig { Kind = LossKind.Dice } };
        var focal = new StageConfig { Loss = new LossConfig { Kind = LossKind.Focal } };
        Assert.Equal(1.0, StageTraining.TrainerOptions(dice).Alpha.AlphaAfter(50));
        Assert.Equal(RegionLossKind.Dice, StageTraining.TrainerOptions(dice).RegionLoss);
        Assert.Equal(RegionLossKind.Focal, StageTraining.TrainerOptions(focal).RegionLoss);
        Assert.Equal(1.0, StageTraining.TrainerOptions(focal).Alpha.AlphaAfter(50));
        Assert.False(StageTraining.NeedsLevelSets(dice));
        Assert.False(StageTraining.NeedsLevelSets(focal));
    }

    [Fact]
    public void The_configured_optimiser_learning_rate_and_weight_decay_reach_the_trainer()
    {
        var stage = new StageConfig { Optimiser = new OptimiserConfig { Lr = 2.5e-4, WeightDecay = 1e-5 } };
        var options = StageTraining.TrainerOptions(stage);
        Assert.Equal(2.5e-4, options.LearningRate);
        Assert.Equal(1e-5, options.WeightDecay);
    }

    [Fact]
    public void The_hybrid_loss_keeps_its_alpha_schedule_and_needs_level_sets()
    {
        var hybrid = new StageConfig { Loss = new LossConfig { Kind = LossKind.Hybrid, Region = RegionLossKind.Focal } };
        var options = StageTraining.TrainerOptions(hybrid);
        Assert.Equal(RegionLossKind.Focal, options.RegionLoss);
        // The original schedule: alpha starts at 1 and drops by 0.01 per epoch (floor 0.1): 0.5 after 50 epochs.
        Assert.Equal(0.5, options.Alpha.AlphaAfter(50), 9);
        Assert.True(StageTraining.NeedsLevelSets(hybrid));
    }

    [Fact]
    public void Stage_options_map_onto_the_trainer_one_to_one()
    {
        var stage = new StageConfig
        {
            Epochs = 7, Optimiser = new OptimiserConfig { Lr = 0.002 }, Plateau = new PlateauConfig { Patience = 4, Factor = 0.5, MinLr = 1e-6 },
            ValidateEvery = 2, CheckpointEvery = 3, EarlyStopPatience = 5,
        };
        var o = StageTraining.TrainerOptions(stage);
        Assert.Equal((7, 0.002, 4, 0.5, 1e-6, 2, 3, (int?)5),
            (o.MaxEpochs, o.LearningRate, o.Plateau.Patience, o.Plateau.Factor, o.Plateau.MinLearningRate, o.ValidateEveryEpochs, o.CheckpointEveryEpochs, o.EarlyStopPatience));
    }

    [Fact]
    public void The_original_480_preset_becomes_the_original_recipe_and_on_the_fly_a_random_policy_with_the_configured_probabilities()
    {
        Assert.IsType<OriginalRecipe>(StageTraining.Augmentation(new AugmentationConfig()));
        var onTheFly = Assert.IsType<RandomAugmentation>(StageTraining.Augmentation(new AugmentationConfig
        {
            Preset = AugmentationPreset.OnTheFly,
            Flip = new FlipConfig { Probability = 0 },
            Translation = new TranslationConfig { Probability = 0.25, Range = [1, 2, 3] },
        }));
        Assert.Null(onTheFly.Flip);
        Assert.Null(onTheFly.Elastic);
        Assert.Equal((0.25, 1.0, 2.0, 3.0), (onTheFly.Translation!.Probability, onTheFly.Translation.MaxD, onTheFly.Translation.MaxH, onTheFly.Translation.MaxW));
        Assert.Null(onTheFly.Translation.Offsets);
    }
}
