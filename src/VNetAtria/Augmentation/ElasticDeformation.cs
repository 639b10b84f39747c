using VNetAtria.Imaging;

namespace VNetAtria.Augmentation;

/// <summary>
/// A smooth displacement field given on a coarse control grid that spans the volume (control point i of an axis of
/// size S sits at voxel i (S - 1) / (n - 1)); between control points it is interpolated trilinearly. The output at p
/// takes the input at p + u(p) (u in voxels), so u = 0 is the identity.
/// </summary>
/// <param name="ControlGrid">Control points per axis (at least 2 each).</param>
/// <param name="Displacements">u at the control points, C order (component, d, h, w) with components (D, H, W), in voxels.</param>
public sealed record ElasticParameters(Shape3 ControlGrid, float[] Displacements)
{
    /// <summary>Checks the grid and the number and finiteness of the displacements.</summary>
    public ElasticParameters Validated()
    {
        ArgumentNullException.ThrowIfNull(Displacements);
        if (ControlGrid.Depth < 2 || ControlGrid.Height < 2 || ControlGrid.Width < 2)
            throw new ArgumentException($"Elastic control grid {ControlGrid} needs at least 2 points per axis (the volume's two ends).");
        if (Displacements.LongLength != 3 * ControlGrid.VoxelCount)
            throw new ArgumentException($"Elastic displacements: {Displacements.Length} values for a {ControlGrid} control grid, which needs 3 x {ControlGrid.VoxelCount} (D, H and W components).");
        foreach (var v in Displacements)
            if (!float.IsFinite(v)) throw new ArgumentException("Elastic displacements must be finite.");
        return this;
    }

    /// <summary>True when every displacement is zero.</summary>
    public bool IsIdentity => Displacements.All(v => v == 0);

    /// <summary>The largest |u| component (voxels).</summary>
    public double MaxAbsDisplacement => Displacements.Length == 0 ? 0 : Displacements.Max(MathF.Abs);
}

/// <summary>Deforms image and label identically (label nearest) in one resampling; see <see cref="SpatialTransform"/>.</summary>
public static class ElasticDeformation
{
    /// <summary>The deformed sample.</summary>
    public static AugmentationSample Apply(AugmentationSample sample, ElasticParameters parameters, ImageInterpolation interpolation = ImageInterpolation.Linear) =>
        new SpatialTransform(Elastic: parameters).Apply(sample, interpolation);
}

/// <summary>
/// Draws an elastic deformation with probability <see cref="Probability"/> the TorchIO way (RandomElasticDeformation):
/// control points every <see cref="ControlSpacing"/> voxels, each displacement component ~ U(-max, max) with
/// max = <see cref="MaxDisplacement"/> voxels, then (with <see cref="Smooth"/>) one pass of the binomial filter
/// [1, 2, 1] / 4 along each control-grid axis, which keeps every |u| within max (an average) and rounds the
/// trilinear field's kinks. The dense field is the trilinear upsampling of the control grid, built on the device
/// inside the one sampling grid.
/// <para>
/// The original (elastic_transform, Simard et al. 2003) drew white noise U(-1, 1) per voxel, smoothed it with a
/// Gaussian of std sigma and scaled it by alpha. In 3-D that field has std alpha sqrt(1/3) (4 pi sigma^2)^(-3/4) and
/// correlation length about sigma; <see cref="FromOriginal"/> maps (alpha, sigma) to spacing = 2 sigma and
/// max = alpha (4 pi sigma^2)^(-3/4) (a uniform draw on [-max, max] has the same std). The original's alpha 2000,
/// sigma 50 gives max 0.85 voxel and spacing 100: a sub-voxel, almost rigid wobble on a 96x144x224 patch.
/// </para>
/// </summary>
/// <param name="Probability">Chance that a sample is deformed, in [0, 1].</param>
/// <param name="ControlSpacing">Distance between control points (voxels, &gt; 0).</param>
/// <param name="MaxDisplacement">Largest displacement component at a control point (voxels, &gt;= 0).</param>
/// <param name="Smooth">Smooth the control grid once with [1, 2, 1] / 4 per axis.</param>
public sealed record RandomElasticDeformation(double Probability = 0.3, double ControlSpacing = 32, double MaxDisplacement = 2, bool Smooth = true)
{
    /// <summary>The sampler equivalent to the original's elastic_transform(alpha, sigma) (see the type's remarks).</summary>
    public static RandomElasticDeformation FromOriginal(double alpha = 2000, double sigma = 50, double probability = 0.3)
    {
        if (!(alpha >= 0) || !(sigma > 0))
            throw new ArgumentException($"Elastic alpha {alpha} must be >= 0 and sigma {sigma} > 0 (the original used alpha 2000, sigma 50).");
        return new RandomElasticDeformation(probability, 2 * sigma, alpha * Math.Pow(4 * Math.PI * sigma * sigma, -0.75), Smooth: false);
    }

    /// <summary>Control points per axis for a volume of <paramref name="shape"/>: ceil((S - 1) / spacing) + 1, at least 2.</summary>
    public Shape3 ControlGridFor(Shape3 shape)
    {
        if (!(ControlSpacing > 0) || !double.IsFinite(ControlSpacing))
            throw new ArgumentOutOfRangeException(nameof(ControlSpacing), ControlSpacing, $"{nameof(RandomElasticDeformation)}: control spacing must be a positive number of voxels (e.g. 32).");
        int N(int s) => Math.Max(2, (int)Math.Ceiling((s - 1) / ControlSpacing) + 1);
        return new Shape3(N(shape.Depth), N(shape.Height), N(shape.Width));
    }

    /// <summary>The deformation for a volume of <paramref name="shape"/>, or null (the draws do not depend on the outcome).</summary>
    public ElasticParameters? Sample(AugmentationRandom random, Shape3 shape)
    {
        AugmentationChecks.Probability(Probability, nameof(RandomElasticDeformation));
        AugmentationChecks.NonNegative(MaxDisplacement, nameof(MaxDisplacement), nameof(RandomElasticDeformation));
        var grid = ControlGridFor(shape);
        var apply = random.Chance(Probability);
        var u = new float[3 * grid.VoxelCount];
        for (var i = 0; i < u.Length; i++) u[i] = (float)random.Uniform(-MaxDisplacement, MaxDisplacement);
        if (!apply) return null;
        if (Smooth) SmoothBinomial(u, grid);
        return new ElasticParameters(grid, u).Validated();
    }

    /// <summary>[1, 2, 1] / 4 along each axis of each component, edges replicated.</summary>
    private static void SmoothBinomial(float[] u, Shape3 grid)
    {
        var n = (int)grid.VoxelCount;
        var tmp = new float[n];
        for (var c = 0; c < 3; c++)
        {
            var field = u.AsSpan(c * n, n);
            for (var axis = 0; axis < 3; axis++)
            {
                var stride = axis switch { 0 => grid.Height * grid.Width, 1 => grid.Width, _ => 1 };
                var size = grid[axis];
                for (var i = 0; i < n; i++)
                {
                    var k = i / stride % size;
                    var prev = field[k > 0 ? i - stride : i];
                    var next = field[k < size - 1 ? i + stride : i];
                    tmp[i] = 0.25f * prev + 0.5f * field[i] + 0.25f * next;
                }
                tmp.AsSpan().CopyTo(field);
            }
        }
    }
}
