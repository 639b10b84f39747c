namespace VNetAtria.Imaging;

/// <summary>
/// A triangle mesh in world space (LPS mm): shared vertices and triangles as three vertex indices each, wound so that
/// the right-hand normal points out of the enclosed region (what <see cref="MarchingCubes"/> returns).
/// </summary>
public sealed class TriangleMesh
{
    /// <summary>Wraps the arrays (not copied); <paramref name="triangles"/> holds three vertex indices per triangle.</summary>
    public TriangleMesh(Vector3d[] vertices, int[] triangles)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentNullException.ThrowIfNull(triangles);
        if (triangles.Length % 3 != 0)
            throw new ArgumentException($"TriangleMesh: {triangles.Length} triangle indices given; expected a multiple of 3 (three vertices per triangle).", nameof(triangles));
        foreach (var i in triangles)
            if ((uint)i >= (uint)vertices.Length)
                throw new ArgumentException($"TriangleMesh: vertex index {i} is outside the {vertices.Length} vertices.", nameof(triangles));
        Vertices = vertices;
        Triangles = triangles;
    }

    /// <summary>The mesh with no triangles.</summary>
    public static TriangleMesh Empty { get; } = new([], []);

    /// <summary>Vertex positions (world, mm).</summary>
    public Vector3d[] Vertices { get; }

    /// <summary>Vertex indices, three per triangle.</summary>
    public int[] Triangles { get; }

    /// <summary>Number of triangles.</summary>
    public int TriangleCount => Triangles.Length / 3;

    /// <summary>Total triangle area (mm²).</summary>
    public double SurfaceArea()
    {
        var sum = 0.0;
        for (var t = 0; t < Triangles.Length; t += 3)
        {
            var (a, b, c) = (Vertices[Triangles[t]], Vertices[Triangles[t + 1]], Vertices[Triangles[t + 2]]);
            sum += (b - a).Cross(c - a).Length / 2;
        }
        return sum;
    }

    /// <summary>
    /// Volume enclosed by a closed, outward-wound mesh (mm³), by the divergence theorem: the sum over triangles of the
    /// signed volume of the tetrahedron they span with the origin, a · (b × c) / 6. Meaningless for an open mesh.
    /// </summary>
    public double EnclosedVolume()
    {
        var sum = 0.0;
        for (var t = 0; t < Triangles.Length; t += 3)
        {
            var (a, b, c) = (Vertices[Triangles[t]], Vertices[Triangles[t + 1]], Vertices[Triangles[t + 2]]);
            sum += a.Dot(b.Cross(c));
        }
        return sum / 6;
    }

    /// <inheritdoc />
    public override string ToString() => $"TriangleMesh {Vertices.Length} vertices, {TriangleCount} triangles";
}
