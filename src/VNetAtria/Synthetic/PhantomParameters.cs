using VNetAtria.Imaging;
using VNetAtria.Synthetic.Shapes;

namespace VNetAtria.Synthetic;

/// <summary>
/// Everything random about one phantom, drawn up front by <see cref="PhantomSampler"/> so that rendering
/// (<see cref="PhantomRenderer"/>) is a deterministic function of these values, whatever order threads run in.
/// Anatomy is in local frames (x left, y posterior, z superior, mm, origin at the atrium centre):
/// <see cref="Heart"/> places the heart and great vessels, <see cref="Body"/> the chest, lungs and spine.
/// </summary>
internal sealed record PhantomParameters
{
    /// <summary>The profile's name.</summary>
    public required string ProfileName { get; init; }

    /// <summary>Cohort seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Case index.</summary>
    public required int Index { get; init; }

    /// <summary>Image geometry: spacing, origin (volume centred on the world origin), identity direction.</summary>
    public required VolumeGeometry Geometry { get; init; }

    /// <summary>Image shape.</summary>
    public required Shape3 Shape { get; init; }

    /// <summary>The heart's frame (origin at the atrium centre, full random rotation).</summary>
    public required AnatomyFrame Heart { get; init; }

    /// <summary>The body's frame (same origin, small in-plane roll only).</summary>
    public required AnatomyFrame Body { get; init; }

    /// <summary>In-plane rotation and tilts of the heart and in-plane roll of the body, degrees.</summary>
    public required (double InPlane, double TiltX, double TiltY, double BodyRoll) Angles { get; init; }

    /// <summary>The left atrium.</summary>
    public required AtriumShape Atrium { get; init; }

    /// <summary>Relative signal of the atrial blood pool (1 by definition).</summary>
    public double Blood { get; init; } = 1;

    /// <summary>Relative signal of the mildly enhanced wall.</summary>
    public required double Wall { get; init; }

    /// <summary>Relative signal of the strongly enhanced wall patches.</summary>
    public required double EnhancedWall { get; init; }

    /// <summary>Wall thickness, mm.</summary>
    public required double WallThickness { get; init; }

    /// <summary>Threshold on <see cref="EnhancementField"/> above which the wall is strongly enhanced.</summary>
    public required double EnhancementThreshold { get; init; }

    /// <summary>Patchiness of the wall enhancement.</summary>
    public required CoarseField EnhancementField { get; init; }

    /// <summary>Tissues in paint order (the atrium is painted last, over all of them).</summary>
    public required IReadOnlyList<Layer> Layers { get; init; }

    /// <summary>Multiplicative tissue texture field and its amplitude.</summary>
    public required CoarseField Texture { get; init; }

    /// <summary>Texture amplitude (relative).</summary>
    public required double TextureStrength { get; init; }

    /// <summary>
    /// Bias field coefficients of 1 + sum c_i m_i(x, y, z), monomials of the normalised voxel coordinates in [-1, 1]:
    /// x, y, z, x^2, y^2, z^2, xy, xz, yz (x along W, y along H, z along D).
    /// </summary>
    public required double[] Bias { get; init; }

    /// <summary>Noise standard deviation (relative signal) of each of the real and imaginary channels.</summary>
    public required double NoiseSigma { get; init; }

    /// <summary>Key of the per-voxel noise hash.</summary>
    public required ulong NoiseKey { get; init; }

    /// <summary>Grey value of relative signal 1 (the blood pool) before bias and noise.</summary>
    public required double Gain { get; init; }

    /// <summary>Width of the partial-volume blend at edges, mm.</summary>
    public required double EdgeWidth { get; init; }

    /// <summary>The frame a layer lives in.</summary>
    public AnatomyFrame FrameOf(Layer layer) => layer.InBodyFrame ? Body : Heart;

    /// <summary>The (fractional) voxel index (d, h, w) of a point of <paramref name="frame"/>.</summary>
    public (double D, double H, double W) ToVoxel(AnatomyFrame frame, Vector3d local)
    {
        var w = frame.ToWorld(local) - Geometry.Origin;
        var s = Geometry.Spacing;
        // The phantom's direction is the identity: W along x, H along y, D along z.
        return (w.Z / s.D, w.Y / s.H, w.X / s.W);
    }
}
