using VNetAtria.Synthetic.Shapes;

namespace VNetAtria.Synthetic;

/// <summary>
/// One tissue painted over what lies below it: a solid <see cref="Shape"/> filled with <see cref="Inside"/> and,
/// optionally, a shell of <see cref="ShellThickness"/> mm around it filled with <see cref="ShellValue"/> (myocardium
/// around a blood pool, a vessel wall). Intensities are relative signal, blood pool = 1. Edges are blended over about
/// one voxel (partial volume), so the image has no staircase.
/// </summary>
internal class Layer(string name, Shape shape, double inside, double shellThickness = 0, double shellValue = 0)
{
    /// <summary>What the layer depicts (for debugging and docs).</summary>
    public string Name { get; } = name;

    /// <summary>The solid.</summary>
    public Shape Shape { get; } = shape;

    /// <summary>Relative signal inside.</summary>
    public double Inside { get; } = inside;

    /// <summary>Shell thickness, mm (0 for none).</summary>
    public double ShellThickness { get; } = shellThickness;

    /// <summary>Relative signal of the shell.</summary>
    public double ShellValue { get; } = shellValue;

    /// <summary>True for tissues fixed to the chest (body frame), false for the heart and great vessels (heart frame).</summary>
    public bool InBodyFrame { get; init; }

    /// <summary>True when the inside is <see cref="Inside"/> everywhere (no pattern).</summary>
    public virtual bool IsUniform => true;

    /// <summary>Signal inside at anatomy point (x, y, z); constant unless a subclass patterns it.</summary>
    public virtual double InsideAt(double x, double y, double z) => Inside;
}

/// <summary>
/// The vertebral column: vertebral bodies (fatty marrow, moderately bright) alternating along z with darker
/// intervertebral discs every <paramref name="period"/> mm.
/// </summary>
internal sealed class SpineLayer(Shape shape, double bone, double disc, double period, double discThickness, double phase)
    : Layer("vertebral column", shape, bone) 
{
    /// <inheritdoc />
    public override bool IsUniform => false;

    /// <inheritdoc />
    public override double InsideAt(double x, double y, double z)
    {
        var f = (z - phase) / period;
        f -= Math.Floor(f);
        // Distance (mm) from the disc's mid-plane, blended over 1.5 mm so the discs have soft end plates.
        var fromDisc = Math.Abs(f - 0.5) * period;
        var t = DeterministicMath.SmoothStep(discThickness / 2 - 0.75, discThickness / 2 + 0.75, fromDisc);
        return disc + t * (Inside - disc);
    }
}
