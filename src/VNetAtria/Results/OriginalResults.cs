using VNetAtria.Experiments;
namespace VNetAtria.Results;

/// <summary>
/// The original's published results (its README's table; docs/original-pipeline.md, "The original results"):
/// validation on 20 LASC cases, mean ± std, Titan V training times. Values are copied as published, including the
/// recall std 0.89 of the VNet Dice row (almost certainly 0.089) and the locator's "0.7 ± 0.2".
/// Parameter counts are the exact counts of the two architectures (10,759,306 and 16,200,266), which the README
/// shows as "10.75 M" and "16.2 M".
/// </summary>
public static class OriginalResults
{
    private const long Params1 = 10_759_306;
    private const long Params2 = 16_200_266;

    /// <summary>The seven published rows, in the README's order (row 1 is the locator).</summary>
    public static IReadOnlyList<ResultsRow> Rows { get; } =
    [
        Row(1, "VNet locator", Params1, 1, "Dice", 5, 1e-4, null, new(0.623, 0.166), new(0.855, 0.128), new(0.7, 0.2), new(0.750, 0.175)),
        Row(2, "VNet", Params1, 14.5, "Dice", 3, 3e-4, new(21.77, 14.263), new(0.788, 0.1), new(0.903, 0.077), new(0.857, 0.89), new(0.877, 0.073)),
        Row(3, "VNet", Params1, 14.5, "Hybrid", 3, 3e-4, new(16.886, 12.99), new(0.785, 0.101), new(0.911, 0.078), new(0.850, 0.091), new(0.875, 0.072)),
        Row(4, "VNet + attention (red 4, dil 3)", Params1, 18, "Dice", 3, 2.5e-4, new(17.458, 10.715), new(0.788, 0.090), new(0.907, 0.079), new(0.856, 0.076), new(0.878, 0.063)),
        Row(5, "VNet + attention (red 4, dil 4)", Params1, 18, "Dice", 3, 2.5e-4, new(20.983, 11.928), new(0.800, 0.085), new(0.913, 0.071), new(0.863, 0.071), new(0.886, 0.061)),
        Row(6, "VNet + attention (red 4, dil 4)", Params1, 18, "Hybrid", 3, 2.5e-5, new(18.048, 12.26), new(0.733, 0.127), new(0.892, 0.124), new(0.803, 0.100), new(0.838, 0.099)),
        Row(7, "VNet, num_layers 2", Params2, 26.5, "Dice", 3, 1.5e-4, new(20.472, 12.224), new(0.796, 0.075), new(0.921, 0.052), new(0.857, 0.080), new(0.884, 0.051)),
    ];

    /// <summary>The published table.</summary>
    public static ResultsTable Table { get; } = new(Rows);

    /// <summary>
    /// The published row (1-7) whose experiment <paramref name="config"/> repeats: the locator row for a locator-only
    /// run, else by segmenter loss, attention, attention dilation and num_layers (learning rate and size are not
    /// compared, so small-profile runs find their counterpart); null when none matches.
    /// </summary>
    public static int? RowFor(ExperimentConfig config)
    {
        if (config.EvaluatedStage == ExperimentStage.Locator) return 1;
        var m = config.Segmenter.Model;
        var loss = config.Segmenter.Loss.Kind;
        return (m.NumLayers, m.Attention, m.Attention ? m.AttentionDilation : 0, loss) switch
        {
            (1, false, _, LossKind.Dice) => 2,
            (1, false, _, LossKind.Hybrid) => 3,
            (1, true, 3, LossKind.Dice) => 4,
            (1, true, 4, LossKind.Dice) => 5,
            (1, true, 4, LossKind.Hybrid) => 6,
            (2, false, _, LossKind.Dice) => 7,
            _ => null,
        };
    }

    private static ResultsRow Row(int n, string architecture, long parameters, double hours, string loss, int batch, double lr,
        MeanStd? hd, MeanStd iou, MeanStd precision, MeanStd recall, MeanStd dice) =>
        new($"original {n}", architecture, parameters, TimeSpan.FromHours(hours), loss, batch, lr, 20, hd, null, null, iou, precision, recall, dice);
}
