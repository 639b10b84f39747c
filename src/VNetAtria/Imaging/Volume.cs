using System.Numerics;
using System.Runtime.InteropServices;

namespace VNetAtria.Imaging;

/// <summary>
/// A 3D scalar volume: voxels in C order (D, H, W; width fastest) in one managed array, its world
/// <see cref="Geometry"/> and the source file's key/value <see cref="Metadata"/>.
/// The voxel array is shared, not copied, by the constructor and by <see cref="WithGeometry"/>;
/// operations that change voxels return new volumes.
/// </summary>
public sealed class Volume<T> : IVolume where T : unmanaged, INumber<T>
{
    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();

    /// <summary>Wraps <paramref name="data"/> (not copied) or allocates zeros when it is null.</summary>
    public Volume(Shape3 shape, T[]? data = null, VolumeGeometry? geometry = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        shape.Validated("Volume");
        if (data is not null && data.LongLength != shape.VoxelCount)
            throw new ArgumentException($"Volume: {data.LongLength} voxels given for shape {shape}, which needs {shape.VoxelCount}.", nameof(data));
        Shape = shape;
        Data = data ?? new T[shape.VoxelCount];
        Geometry = geometry ?? VolumeGeometry.Identity;
        Metadata = metadata ?? EmptyMetadata;
    }

    /// <inheritdoc />
    public Shape3 Shape { get; }

    /// <summary>The voxels, C order (D, H, W).</summary>
    public T[] Data { get; }

    /// <inheritdoc />
    public VolumeGeometry Geometry { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public VoxelType VoxelType => VoxelTypes.Of<T>();

    /// <summary>The voxel at (d, h, w).</summary>
    public ref T this[int d, int h, int w] => ref Data[Shape.Offset(d, h, w)];

    /// <summary>The voxels as a span.</summary>
    public Span<T> AsSpan() => Data;

    /// <summary>One D-slice (H x W voxels) as a span.</summary>
    public Span<T> Slice(int d) => Data.AsSpan(checked((int)Shape.Offset(d, 0, 0)), Shape.Height * Shape.Width);

    /// <inheritdoc />
    public ReadOnlySpan<byte> AsBytes() => MemoryMarshal.AsBytes(Data.AsSpan());

    /// <summary>The same voxels (shared) with another geometry.</summary>
    public Volume<T> WithGeometry(VolumeGeometry geometry) => new(Shape, Data, geometry, Metadata);

    /// <summary>The same voxels (shared) with other metadata.</summary>
    public Volume<T> WithMetadata(IReadOnlyDictionary<string, string> metadata) => new(Shape, Data, Geometry, metadata);

    /// <summary>New voxels of the same shape, this geometry and metadata.</summary>
    public Volume<TOut> WithData<TOut>(TOut[] data) where TOut : unmanaged, INumber<TOut> => new(Shape, data, Geometry, Metadata);

    /// <summary>A deep copy.</summary>
    public Volume<T> Clone() => new(Shape, (T[])Data.Clone(), Geometry, Metadata);

    /// <inheritdoc />
    public Volume<TOther> As<TOther>() where TOther : unmanaged, INumber<TOther> =>
        this as Volume<TOther> ?? throw new InvalidCastException($"The volume holds {VoxelType} voxels, not {VoxelTypes.Of<TOther>()}; use ConvertTo<{typeof(TOther).Name}>() to convert.");

    /// <inheritdoc />
    public Volume<TOut> ConvertTo<TOut>() where TOut : unmanaged, INumber<TOut>
    {
        if (this is Volume<TOut> same) return same.Clone();
        var src = Data;
        var dst = new TOut[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            var v = src[i];
            dst[i] = T.IsNaN(v) ? TOut.Zero : TOut.CreateSaturating(v);
        }
        return new Volume<TOut>(Shape, dst, Geometry, Metadata);
    }

    /// <inheritdoc />
    public TResult Accept<TResult>(IVolumeFunc<TResult> func) => func.Invoke(this);

    /// <inheritdoc />
    public override string ToString() => $"Volume<{typeof(T).Name}> {Shape}, {Geometry}";
}
