namespace VNetAtria.Imaging;

/// <summary>A point or direction in world space (millimetres, LPS: +x left, +y posterior, +z superior).</summary>
public readonly record struct Vector3d(double X, double Y, double Z)
{
    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    /// <summary>The vector scaled to unit length; throws for a zero vector.</summary>
    public Vector3d Normalised()
    {
        var l = Length;
        if (!(l > 0) || !double.IsFinite(l))
            throw new ArgumentException($"Cannot normalise the vector {this}: its length is {l}.");
        return this / l;
    }

    /// <summary>Dot product.</summary>
    public double Dot(Vector3d o) => X * o.X + Y * o.Y + Z * o.Z;

    /// <summary>Cross product.</summary>
    public Vector3d Cross(Vector3d o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);

    /// <summary>Sum.</summary>
    public static Vector3d operator +(Vector3d a, Vector3d b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    /// <summary>Difference.</summary>
    public static Vector3d operator -(Vector3d a, Vector3d b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    /// <summary>Negation.</summary>
    public static Vector3d operator -(Vector3d a) => new(-a.X, -a.Y, -a.Z);

    /// <summary>Scaling.</summary>
    public static Vector3d operator *(Vector3d a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    /// <summary>Scaling.</summary>
    public static Vector3d operator *(double s, Vector3d a) => a * s;

    /// <summary>Division by a scalar.</summary>
    public static Vector3d operator /(Vector3d a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    /// <summary>True when every component differs by at most <paramref name="tolerance"/>.</summary>
    public bool ApproximatelyEquals(Vector3d o, double tolerance) =>
        Math.Abs(X - o.X) <= tolerance && Math.Abs(Y - o.Y) <= tolerance && Math.Abs(Z - o.Z) <= tolerance;

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"({X:G6}, {Y:G6}, {Z:G6})");
}
