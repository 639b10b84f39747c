using VNetAtria.Imaging;

namespace VNetAtria.Synthetic;

/// <summary>
/// A rigid placement of anatomy in the world: local = R^T (world - centre), world = centre + R local.
/// The phantom has two: the heart's (the full random in-plane rotation and tilt, as hearts lie at different angles in
/// the chest) and the body's (a small in-plane roll only, as patients lie nearly straight on the table).
/// </summary>
internal sealed class AnatomyFrame(Vector3d centre, double[] rotation)
{
    /// <summary>World position (LPS mm) of the local origin.</summary>
    public Vector3d Centre { get; } = centre;

    /// <summary>Local-to-world rotation, row major 3x3.</summary>
    public double[] Rotation { get; } = rotation;

    /// <summary>The local point of a world point.</summary>
    public Vector3d ToLocal(Vector3d world)
    {
        var r = Rotation;
        var p = world - Centre;
        return new Vector3d(r[0] * p.X + r[3] * p.Y + r[6] * p.Z, r[1] * p.X + r[4] * p.Y + r[7] * p.Z, r[2] * p.X + r[5] * p.Y + r[8] * p.Z);
    }

    /// <summary>The world point of a local point.</summary>
    public Vector3d ToWorld(Vector3d local)
    {
        var r = Rotation;
        var p = local;
        return Centre + new Vector3d(r[0] * p.X + r[1] * p.Y + r[2] * p.Z, r[3] * p.X + r[4] * p.Y + r[5] * p.Z, r[6] * p.X + r[7] * p.Y + r[8] * p.Z);
    }

    /// <summary>The local step of one voxel along W (world +x) for spacing <paramref name="spacingW"/>: R^T (spacing, 0, 0).</summary>
    public Vector3d StepAlongW(double spacingW) => new(Rotation[0] * spacingW, Rotation[1] * spacingW, Rotation[2] * spacingW);
}
