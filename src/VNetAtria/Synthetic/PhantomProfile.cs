using System.Globalization;
using VNetAtria.Imaging;

namespace VNetAtria.Synthetic;

/// <summary>
/// What a synthetic LGE-MRI cohort looks like: image sizes and spacing, how large the anatomy is, and the ranges the
/// per-case random choices are drawn from. A record: start from <see cref="Small"/> or <see cref="Lasc"/> and change
/// what you need with <c>with { ... }</c>; <see cref="Validate"/> (called by the generator) rejects impossible values.
/// A profile built as <c>new PhantomProfile("name")</c> has the <see cref="Small"/> profile's values.
/// </summary>
public sealed record PhantomProfile(string Name)
{
    /// <summary>
    /// Volumes a 2-core CPU trains on in minutes: 40 x 112 x 112 or 40 x 128 x 128 (chosen per case, as LASC mixes
    /// two sizes) at 1.25 mm isotropic, with the anatomy scaled by 0.6 (the chest fills the field of view from front to
    /// back) and a slightly larger atrium, so that it spans about half the slices and a larger share of the voxels than
    /// in LASC (see the README for measured ranges).
    /// </summary>
    public static PhantomProfile Small { get; } = new("small");

    /// <summary>
    /// The LASC 2018 sizes: 88 x 576 x 576 or 88 x 640 x 640 (chosen per case) at 0.625 mm isotropic, adult-sized
    /// anatomy. About 0.4-1.1 % of the voxels are atrium (the challenge's labels: 0.4-1.4 %).
    /// </summary>
    public static PhantomProfile Lasc { get; } = new("lasc")
    {
        Shapes = [new Shape3(88, 576, 576), new Shape3(88, 640, 640)],
        Spacing = Spacing3.Lasc,
        AnatomyScale = 1.0,
        MaxShiftMm = 12,
        MaxDepthShiftMm = 4,
        AtriumScale = new ValueRange(0.85, 1.2),
        WallThicknessVoxels = new ValueRange(1.5, 3.0),
    };

    /// <summary>The names <see cref="FromName"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["small", "lasc"];

    /// <summary>Image shapes (D, H, W); each case takes one uniformly at random. Default: 40x112x112 and 40x128x128.</summary>
    public IReadOnlyList<Shape3> Shapes { get; init; } = [new Shape3(40, 112, 112), new Shape3(40, 128, 128)];

    /// <summary>Voxel spacing in mm (D, H, W). Default 1.25 mm isotropic.</summary>
    public Spacing3 Spacing { get; init; } = new(1.25, 1.25, 1.25);

    /// <summary>
    /// Size of the whole anatomy relative to an adult chest measured in LASC's 0.625 mm voxels (1.0).
    /// Default 0.6 (the small profile's 140-160 mm field of view then holds the chest from front to back). Within [0.001, 4].
    /// </summary>
    public double AnatomyScale { get; init; } = 0.6;

    /// <summary>Extra size factor of the atrium (body, veins, appendage), drawn per case. Default [1.0, 1.3] (LASC: [0.85, 1.2]); within [0.001, 3].</summary>
    public ValueRange AtriumScale { get; init; } = new(1.0, 1.3);

    /// <summary>Largest in-plane (about the D axis) rotation of the anatomy, degrees; drawn uniformly in ±this. Default 15; within [0, 180].</summary>
    public double MaxInPlaneRotationDegrees { get; init; } = 15;

    /// <summary>Largest tilt about each in-plane axis, degrees; drawn uniformly in ±this. Default 5; within [0, 45].</summary>
    public double MaxTiltDegrees { get; init; } = 5;

    /// <summary>Largest in-plane offset (each of x and y) of the atrium centre from the volume centre, mm. Default 8; at least 0.</summary>
    public double MaxShiftMm { get; init; } = 8;

    /// <summary>Largest offset along D of the atrium centre from the volume centre, mm. Default 3; at least 0.</summary>
    public double MaxDepthShiftMm { get; init; } = 3;

    /// <summary>Thickness of the enhanced atrial wall in in-plane voxels, drawn per case. Default [1, 2]; within [0, 10].</summary>
    public ValueRange WallThicknessVoxels { get; init; } = new(1.0, 2.0);

    /// <summary>Fraction of the wall that is strongly enhanced (the rest is mildly bright), per case. Default [0.4, 0.8]; within [0, 1].</summary>
    public ValueRange EnhancedWallFraction { get; init; } = new(0.4, 0.8);

    /// <summary>
    /// Standard deviation of the complex Gaussian noise behind the Rician magnitude, relative to the blood-pool signal,
    /// per case. Default [0.04, 0.08]; within [0, 2].
    /// </summary>
    public ValueRange NoiseLevel { get; init; } = new(0.04, 0.08);

    /// <summary>Largest relative change of the smooth multiplicative bias field across the volume, per case. Default [0.1, 0.3]; within [0, 0.9].</summary>
    public ValueRange BiasStrength { get; init; } = new(0.1, 0.3);

    /// <summary>Amplitude of the multiplicative tissue texture (coarse random field, about 5 mm cells). Default 0.25 (with the noise, the blood pool then varies by about 10 % as in LASC images); within [0, 0.9].</summary>
    public double TextureStrength { get; init; } = 0.25;

    /// <summary>Whether the atrium has its appendage (a curved finger-like lobe, part of the label). Default true.</summary>
    public bool IncludeAppendage { get; init; } = true;

    /// <summary>
    /// Whether the pulmonary veins continue in the image beyond the end of their labelled ostial segment, as real veins
    /// do beyond the cut a human annotator makes. Default true; false ends the vessels where the label ends.
    /// </summary>
    public bool VeinsContinueBeyondLabel { get; init; } = true;

    /// <summary>The profile of a name ("small" or "lasc", case-insensitive).</summary>
    public static PhantomProfile FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "small" => Small,
            "lasc" => Lasc,
            _ => throw new ArgumentException($"Unknown phantom profile '{name}': expected one of {string.Join(", ", Names.Select(n => $"'{n}'"))}.", nameof(name)),
        };
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first property whose value is impossible, the expected range
    /// and the value found; returns this profile otherwise.
    /// </summary>
    public PhantomProfile Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) Fail(nameof(Name), "a non-empty name", Name is null ? "null" : $"'{Name}'");
        if (Shapes is null || Shapes.Count == 0) Fail(nameof(Shapes), "at least one image shape", "none");
        foreach (var s in Shapes!)
        {
            if (s.Depth < 8 || s.Height < 16 || s.Width < 16)
                Fail(nameof(Shapes), "every shape at least 8 x 16 x 16 voxels (D x H x W)", s.ToString());
            if (s.VoxelCount > Array.MaxLength)
                Fail(nameof(Shapes), $"at most {Array.MaxLength} voxels per shape", $"{s} = {s.VoxelCount} voxels");
        }
        if (!Spacing.IsValid || Spacing.D > 100 || Spacing.H > 100 || Spacing.W > 100)
            Fail(nameof(Spacing), "finite positive spacing of at most 100 mm", Spacing.ToString());
        Check(nameof(AnatomyScale), AnatomyScale, 1e-3, 4);
        CheckRange(nameof(AtriumScale), AtriumScale, 1e-3, 3);
        Check(nameof(MaxInPlaneRotationDegrees), MaxInPlaneRotationDegrees, 0, 180);
        Check(nameof(MaxTiltDegrees), MaxTiltDegrees, 0, 45);
        Check(nameof(MaxShiftMm), MaxShiftMm, 0, 1e4);
        Check(nameof(MaxDepthShiftMm), MaxDepthShiftMm, 0, 1e4);
        CheckRange(nameof(WallThicknessVoxels), WallThicknessVoxels, 0, 10);
        CheckRange(nameof(EnhancedWallFraction), EnhancedWallFraction, 0, 1);
        CheckRange(nameof(NoiseLevel), NoiseLevel, 0, 2);
        CheckRange(nameof(BiasStrength), BiasStrength, 0, 0.9);
        Check(nameof(TextureStrength), TextureStrength, 0, 0.9);
        return this;
    }

    /// <summary>Value equality, with <see cref="Shapes"/> compared element by element.</summary>
    public bool Equals(PhantomProfile? other) =>
        other is not null &&
        Name == other.Name &&
        Shapes.SequenceEqual(other.Shapes) &&
        Spacing == other.Spacing &&
        AnatomyScale.Equals(other.AnatomyScale) &&
        AtriumScale == other.AtriumScale &&
        MaxInPlaneRotationDegrees.Equals(other.MaxInPlaneRotationDegrees) &&
        MaxTiltDegrees.Equals(other.MaxTiltDegrees) &&
        MaxShiftMm.Equals(other.MaxShiftMm) &&
        MaxDepthShiftMm.Equals(other.MaxDepthShiftMm) &&
        WallThicknessVoxels == other.WallThicknessVoxels &&
        EnhancedWallFraction == other.EnhancedWallFraction &&
        NoiseLevel == other.NoiseLevel &&
        BiasStrength == other.BiasStrength &&
        TextureStrength.Equals(other.TextureStrength) &&
        IncludeAppendage == other.IncludeAppendage &&
        VeinsContinueBeyondLabel == other.VeinsContinueBeyondLabel;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Shapes.Count, Spacing, AnatomyScale, AtriumScale, NoiseLevel, BiasStrength);

    private void Check(string field, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"a finite value in [{min:G6}, {max:G6}]"), value.ToString("G6", CultureInfo.InvariantCulture));
    }

    private void CheckRange(string field, ValueRange range, double min, double max)
    {
        if (!range.IsWithin(min, max))
            Fail(field, string.Create(CultureInfo.InvariantCulture, $"a range Min <= Max within [{min:G6}, {max:G6}]"), range.ToString());
    }

    private void Fail(string field, string expected, string found) =>
        throw new ArgumentException($"Phantom profile '{Name}': {field} must be {expected}, found {found}. Fix the profile's {field}.", field);
}
