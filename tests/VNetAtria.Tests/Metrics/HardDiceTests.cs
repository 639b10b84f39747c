using VNetAtria.Metrics;
using static TorchSharp.torch;

namespace VNetAtria.Tests.Metrics;

public class HardDiceTests
{
    private static Tensor T(float[] values) => tensor(values).reshape(2, 1, 1, 1, 4);

    [Fact]
    public void Hard_Dice_thresholds_at_logit_zero_and_sums_over_the_whole_batch()
    {
        using var scope = NewDisposeScope();
        // Predicted (logit >= 0): voxels 0, 1 of case 0 and voxel 4 of case 1 (logit exactly 0 is p = 0.5, foreground).
        var logits = T([3, 0, -1, -2, 5, -3, -4, -0.5f]);
        // Truth: voxel 0 of case 0, voxels 4 and 5 of case 1; overlap 2, sizes 3 + 3: 2 * 2 / 6.
        var labels = T([1, 0, 0, 0, 1, 1, 0, 0]);
        Assert.Equal(2.0 * 2 / 6, HardDice.Compute(logits, labels), 12);
        // Batch-global, not a mean of cases: case 0 perfect (1), case 1 misses everything (0) -> 2 * 1 / (1 + 2) = 2/3, not 0.5.
        var labels2 = T([1, 0, 0, 0, 0, 1, 0, 0]);
        var logits2 = T([1, -1, -1, -1, -1, -1, -1, -1]);
        Assert.Equal(2.0 / 3, HardDice.Compute(logits2, labels2), 12);
    }

    [Fact]
    public void Hard_Dice_of_an_empty_prediction_against_an_empty_label_is_one()
    {
        using var scope = NewDisposeScope();
        var logits = T([-1, -1, -1, -1, -1, -1, -1, -1]);
        Assert.Equal(1.0, HardDice.Compute(logits, zeros_like(logits)));
    }
}
