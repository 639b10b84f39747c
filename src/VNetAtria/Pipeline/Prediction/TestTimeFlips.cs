using TorchSharp;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>Array axes a test-time augmentation may flip (combine with |).</summary>
[Flags]
public enum FlipAxes
{
    /// <summary>No flips: one forward pass.</summary>
    None = 0,

    /// <summary>Depth (slices, array axis 0).</summary>
    D = 1,

    /// <summary>Height (rows, array axis 1); the original's flip augmentation flipped this axis.</summary>
    H = 2,

    /// <summary>Width (columns, array axis 2).</summary>
    W = 4,
}

/// <summary>
/// Flip test-time augmentation as nnU-Net's mirroring: the input is also run flipped along every non-empty subset of
/// the chosen axes (H and W: 3 extra passes; D, H and W: 7), each output flipped back, and the sigmoid probabilities
/// of all passes averaged. For a model that commutes with flips the average equals the plain prediction.
/// </summary>
public static class TestTimeFlips
{
    /// <summary>
    /// The flip sets to run, the identity first: each a list of tensor dimensions of an (N, C, D, H, W) batch
    /// (D = 2, H = 3, W = 4).
    /// </summary>
    public static IReadOnlyList<long[]> Combinations(FlipAxes axes)
    {
        var dims = new List<long>();
        if (axes.HasFlag(FlipAxes.D)) dims.Add(2);
        if (axes.HasFlag(FlipAxes.H)) dims.Add(3);
        if (axes.HasFlag(FlipAxes.W)) dims.Add(4);
        var result = new List<long[]>();
        for (var mask = 0; mask < 1 << dims.Count; mask++)
            result.Add(dims.Where((_, i) => (mask & (1 << i)) != 0).ToArray());
        return result;
    }

    /// <summary>
    /// Sigmoid probabilities of <paramref name="model"/> on <paramref name="batch"/> (N, 1, D, H, W), averaged over
    /// the flips of <paramref name="axes"/>. Call inside inference mode and a dispose scope.
    /// </summary>
    public static Tensor Probabilities(nn.Module<Tensor, Tensor> model, Tensor batch, FlipAxes axes)
    {
        Tensor? sum = null;
        var combinations = Combinations(axes);
        foreach (var dims in combinations)
        {
            var input = dims.Length == 0 ? batch : batch.flip(dims);
            var p = torch.sigmoid(model.forward(input));
            if (dims.Length > 0) p = p.flip(dims);
            sum = sum is null ? p : sum.add_(p, HeldScalars.One);
        }
        if (combinations.Count == 1) return sum!;
        using var count = combinations.Count.ToScalar();
        return sum!.div_(count);
    }
}
