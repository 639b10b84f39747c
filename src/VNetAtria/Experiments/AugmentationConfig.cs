namespace VNetAtria.Experiments;

/// <summary>How training samples are drawn.</summary>
public enum AugmentationPreset
{
    /// <summary>
    /// The original's 480-sample epoch (docs/original-pipeline.md, "Segmentation stage"): every training case once
    /// unchanged, once flipped along H, once with Gaussian noise, once rotated and twice translated (6 x 80 = 480 for
    /// LASC). The per-transform probabilities are unused; the ranges below apply.
    /// </summary>
    Original480,

    /// <summary>Each case once per epoch, every transform applied independently with its probability (ours: cases kept once, augmented on the fly).</summary>
    OnTheFly,
}

/// <summary>The segmenter's training augmentation. Defaults are the original's ranges; probabilities are for <see cref="AugmentationPreset.OnTheFly"/>.</summary>
public sealed record AugmentationConfig
{
    /// <summary>The sampling scheme (the original's 480-sample preset by default).</summary>
    public AugmentationPreset Preset { get; init; } = AugmentationPreset.Original480;

    /// <summary>Mirror along an axis (the original: H, array axis 1).</summary>
    public FlipConfig Flip { get; init; } = new();

    /// <summary>Additive Gaussian noise on the normalised image (image only).</summary>
    public NoiseConfig Noise { get; init; } = new();

    /// <summary>In-plane rotation (axes H-W), nearest neighbour, zero fill.</summary>
    public RotationConfig Rotation { get; init; } = new();

    /// <summary>Integer voxel translation, zero fill.</summary>
    public TranslationConfig Translation { get; init; } = new();

    /// <summary>Elastic deformation (off in the original: too slow there).</summary>
    public ElasticConfig Elastic { get; init; } = new();

    internal void Validate(string path, ConfigProblems p)
    {
        p.InRange(path + ".flip.probability", Flip.Probability, 0, 1);
        if (Flip.Axis is < 0 or > 2) p.Add(path + ".flip.axis", $"must be 0 (D), 1 (H) or 2 (W), found {Flip.Axis}");
        p.InRange(path + ".noise.probability", Noise.Probability, 0, 1);
        if (p.Length(path + ".noise.stdRange", Noise.StdRange, 2, "[0, 1]"))
        {
            p.AtLeast(path + ".noise.stdRange[0]", Noise.StdRange[0], 0);
            if (!(Noise.StdRange[1] >= Noise.StdRange[0]))
                p.Add(path + ".noise.stdRange", $"upper bound {ConfigProblems.Format(Noise.StdRange[1])} is below the lower bound {ConfigProblems.Format(Noise.StdRange[0])}");
        }
        p.InRange(path + ".rotation.probability", Rotation.Probability, 0, 1);
        p.InRange(path + ".rotation.maxDegrees", Rotation.MaxDegrees, 0, 180);
        p.InRange(path + ".translation.probability", Translation.Probability, 0, 1);
        if (Translation.Offsets.Length == 0)
            p.Add(path + ".translation.offsets", "needs at least one [d, h, w] offset (the original's (0,±5,0), (0,0,±5), (0,±5,±5))");
        for (var i = 0; i < Translation.Offsets.Length; i++)
            p.Length($"{path}.translation.offsets[{i}]", Translation.Offsets[i], 3, "[0, 5, 0]");
        if (Translation.Range is { } range && p.Length(path + ".translation.range", range, 3, "[0, 5, 5]"))
            for (var a = 0; a < 3; a++) p.AtLeast($"{path}.translation.range[{a}]", range[a], 0);
        p.InRange(path + ".elastic.probability", Elastic.Probability, 0, 1);
        p.Positive(path + ".elastic.controlSpacing", Elastic.ControlSpacing);
        p.AtLeast(path + ".elastic.maxDisplacement", Elastic.MaxDisplacement, 0);
    }
}

/// <summary>Flip settings.</summary>
public sealed record FlipConfig
{
    /// <summary>Chance per sample with the on-the-fly preset (0.5).</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>The array axis mirrored: 1 (H), as the original's np.flip(axis=1) on D,H,W arrays.</summary>
    public int Axis { get; init; } = 1;
}

/// <summary>Gaussian noise settings: std ~ U(stdRange[0], stdRange[1]) per sample, noise ~ N(0, std²) per voxel.</summary>
public sealed record NoiseConfig
{
    /// <summary>Chance per sample with the on-the-fly preset (0.5).</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>The range the noise std is drawn from, in normalised intensity units (the original's [0, 1]).</summary>
    public double[] StdRange { get; init; } = [0, 1];
}

/// <summary>Rotation settings: angle ~ U(-maxDegrees, maxDegrees) in the H-W plane.</summary>
public sealed record RotationConfig
{
    /// <summary>Chance per sample with the on-the-fly preset (0.5).</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>Largest angle in degrees (the original's 3: "to avoid interpolation artifacts", README side note 3).</summary>
    public double MaxDegrees { get; init; } = 3;

    /// <summary>Draw whole degrees only, in [-maxDegrees, maxDegrees) as the original's randint(-3, 3).</summary>
    public bool IntegerDegrees { get; init; } = true;
}

/// <summary>Translation settings: one offset drawn uniformly from the set, or per axis from a range.</summary>
public sealed record TranslationConfig
{
    /// <summary>Chance per sample with the on-the-fly preset (0.5).</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>The [d, h, w] voxel offsets drawn from: the original's (0,±5,0), (0,0,±5), (0,±5,±5).</summary>
    public int[][] Offsets { get; init; } =
    [
        [0, 5, 0], [0, -5, 0], [0, 0, 5], [0, 0, -5],
        [0, 5, 5], [0, 5, -5], [0, -5, 5], [0, -5, -5],
    ];

    /// <summary>
    /// When set, [d, h, w] maxima: each axis's offset is drawn uniformly from the integers in [-max, max] and
    /// <see cref="Offsets"/> is unused; null (the default) draws from the set, as the original.
    /// </summary>
    public int[]? Range { get; init; }
}

/// <summary>
/// Elastic deformation on a coarse grid of random control-point displacements, interpolated smoothly to every voxel
/// and applied once (TorchIO's RandomElasticDeformation scheme; the original's alpha 2000 / sigma 50 per-voxel field
/// was too slow to use).
/// </summary>
public sealed record ElasticConfig
{
    /// <summary>Chance per sample (0: off, as the original's pipeline).</summary>
    public double Probability { get; init; }

    /// <summary>Distance between control points, in voxels (24).</summary>
    public double ControlSpacing { get; init; } = 24;

    /// <summary>Largest displacement of a control point, in voxels (3).</summary>
    public double MaxDisplacement { get; init; } = 3;
}
