using VNetAtria.Imaging;
using VNetAtria.Training.Loading;

namespace VNetAtria.Experiments;

/// <summary>
/// Training on random patches of whole cases (segmenter only; Training/Loading/PatchSampling): each case gives one
/// patch per epoch, a third of them (by default) centred on foreground, as nnU-Net samples. Validation then runs on
/// whole cases at the segmenter's resolution, one case per batch, and prediction on whole volumes (or sliding windows,
/// <c>prediction.slidingWindow</c>).
/// </summary>
public sealed record PatchConfig
{
    /// <summary>The patch (D, H, W), multiples of 16 (halved inputs: of the halved volume): the literature's 112x112x80 (x, y, z) is [80, 112, 112].</summary>
    public int[] Size { get; init; } = [80, 112, 112];

    /// <summary>Probability that a patch is centred on a foreground voxel (nnU-Net: 0.33).</summary>
    public double ForegroundFraction { get; init; } = 1.0 / 3;

    /// <summary>The loader's patch settings.</summary>
    public PatchSampling ToPatchSampling() => new() { Size = new Shape3(Size[0], Size[1], Size[2]), ForegroundFraction = ForegroundFraction };

    internal void Validate(string path, ConfigProblems p)
    {
        if (p.Length(path + ".size", Size, 3, "[80, 112, 112]"))
            for (var a = 0; a < 3; a++)
                if (Size[a] < 16 || Size[a] % 16 != 0)
                    p.Add($"{path}.size[{a}]", $"must be a positive multiple of 16 (the VNet's four stride-2 stages), found {Size[a]}");
        p.InRange(path + ".foregroundFraction", ForegroundFraction, 0, 1);
    }
}
