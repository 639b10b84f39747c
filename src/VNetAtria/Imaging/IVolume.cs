namespace VNetAtria.Imaging;

/// <summary>
/// A 3D volume whose element type is known only at run time (what a file reader returns).
/// Use <see cref="As{T}"/> when the type is known, <see cref="ConvertTo{T}"/> to change it,
/// or <see cref="Accept{TResult}"/> to run generic code on the concrete type.
/// </summary>
public interface IVolume
{
    /// <summary>Array shape (D, H, W).</summary>
    Shape3 Shape { get; }

    /// <summary>World placement of the voxels.</summary>
    VolumeGeometry Geometry { get; }

    /// <summary>The file's key/value metadata, in file order (NRRD key:=value pairs, NIfTI descrip, ...).</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Element type.</summary>
    VoxelType VoxelType { get; }

    /// <summary>The raw voxel bytes in C order, native (little-endian) byte order.</summary>
    ReadOnlySpan<byte> AsBytes();

    /// <summary>This volume typed as <typeparamref name="T"/>; throws when the element type differs.</summary>
    Volume<T> As<T>() where T : unmanaged, System.Numerics.INumber<T>;

    /// <summary>A copy converted element by element (saturating for integers; NaN becomes 0).</summary>
    Volume<T> ConvertTo<T>() where T : unmanaged, System.Numerics.INumber<T>;

    /// <summary>Runs a generic operation on the concretely-typed volume.</summary>
    TResult Accept<TResult>(IVolumeFunc<TResult> func);
}

/// <summary>A generic operation over volumes of any element type (the visitor behind <see cref="IVolume.Accept{TResult}"/>).</summary>
public interface IVolumeFunc<out TResult>
{
    /// <summary>Runs on a volume of element type <typeparamref name="T"/>.</summary>
    TResult Invoke<T>(Volume<T> volume) where T : unmanaged, System.Numerics.INumber<T>;
}
