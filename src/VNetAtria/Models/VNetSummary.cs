using VNetAtria.Imaging;

namespace VNetAtria.Models;

/// <summary>One stage of the network in a summary.</summary>
/// <param name="Name">The stage's module name (a state_dict key prefix).</param>
/// <param name="OutputShape">Output (C, D, H, W) for one sample.</param>
/// <param name="Parameters">Trainable parameters of the stage.</param>
/// <param name="ActivationFloats">Floats one sample's forward pass keeps for the backward pass in this stage (estimate).</param>
public sealed record VNetStageSummary(string Name, long[] OutputShape, long Parameters, long ActivationFloats);

/// <summary>
/// Per-stage output shapes, parameter counts and a memory estimate of a VNet configuration, computed from
/// the architecture (no forward pass), for <c>vnet-atria model summary</c>.
/// </summary>
/// <param name="Options">The architecture.</param>
/// <param name="Input">Input size (D, H, W).</param>
/// <param name="Stages">The stages in forward order.</param>
/// <param name="TotalParameters">Trainable parameters of the whole network.</param>
public sealed record VNetSummary(VNetOptions Options, Shape3 Input, IReadOnlyList<VNetStageSummary> Stages, long TotalParameters)
{
    /// <summary>Bytes of float32 weights.</summary>
    public long WeightBytes => TotalParameters * 4;

    /// <summary>
    /// Estimated bytes to train with Adam at <paramref name="batch"/>: weights, gradients and two Adam moments
    /// (4 x weights) plus the activations kept for backward (every convolution, activation, addition and
    /// concatenation output), times the batch. Real use adds the framework's workspace (typically 10-30 % more).
    /// </summary>
    public long TrainingBytes(int batch) => 4 * WeightBytes + 4L * batch * Stages.Sum(s => s.ActivationFloats);

    /// <summary>Estimated bytes for inference at <paramref name="batch"/>: weights plus the two largest live activations.</summary>
    public long InferenceBytes(int batch) =>
        WeightBytes + 4L * batch * 3 * Stages.Max(s => s.OutputShape.Aggregate(1L, (a, b) => a * b));

    /// <summary>Summarises <paramref name="options"/> at input size <paramref name="input"/> (must be divisible by 16).</summary>
    public static VNetSummary Of(VNetOptions options, Shape3 input)
    {
        options.Validated();
        VNetInputSize.Validate(input);
        using var model = new VNet(options);
        var counts = model.named_parameters()
            .GroupBy(p => p.name.Split('.')[0])
            .ToDictionary(g => g.Key, g => g.Sum(p => p.parameter.numel()));
        long w = options.BaseWidth;
        var n = options.NumLayers;
        long Voxels(int level) => (long)(input.Depth >> level) * (input.Height >> level) * (input.Width >> level);
        long[] Shape(long c, int level) => [c, input.Depth >> level, input.Height >> level, input.Width >> level];
        // Attention keeps about 3 full-size tensors (x*gate, sums) plus the reduced spatial branch.
        var attention = options.Attention ? 3.5 : 0;

        var stages = new List<VNetStageSummary>
        {
            new("input_transition", Shape(w, 0), counts["input_transition"], (long)((3 + attention) * w * Voxels(0))),
        };
        var downLayers = new[] { n, n, n + 1, n + 1 };
        var names = new[] { "down_transition16", "down_transition32", "down_transition64", "down_transition128" };
        for (var i = 0; i < 4; i++)
        {
            var c = w << (i + 1);
            stages.Add(new(names[i], Shape(c, i + 1), counts[names[i]], (long)((3 + 2 * downLayers[i] + attention) * c * Voxels(i + 1))));
        }
        var ups = new[] { ("up_transition128", 16 * w, n + 1, 3), ("up_transition64", 8 * w, n + 1, 2), ("up_transition32", 4 * w, n, 1), ("up_transition16", 2 * w, n, 0) };
        foreach (var (name, c, layers, level) in ups)
            stages.Add(new(name, Shape(c, level), counts[name], (3 + 2 * layers) * c * Voxels(level)));
        stages.Add(new("out_transition", Shape(1, 0), counts["out_transition"], 2 * Voxels(0)));
        return new VNetSummary(options, input, stages, model.TrainableParameterCount());
    }
}
