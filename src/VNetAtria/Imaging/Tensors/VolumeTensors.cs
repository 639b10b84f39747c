using System.Numerics;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Imaging.Tensors;

/// <summary>
/// The seam between managed volumes and TorchSharp tensors: (D, H, W) tensors, or (1, 1, D, H, W) batches of one
/// single-channel volume, with exactly one copy of the voxels in each direction.
/// <para>
/// Each conversion wraps the managed array in a short-lived tensor view (torch.from_array shares the pinned array)
/// and lets libtorch do the single copy: <c>to(dtype, device, copy: true)</c> on the way in, <c>copy_</c> on the way out.
/// That one copy also converts the element type, moves between devices and gathers strided tensors. The wrapping
/// view is disposed before the method returns, so no tensor ever aliases a volume's array: sharing it would let
/// in-place tensor operations change the volume behind its back and keep the array pinned for as long as the
/// tensor lived (forever, for a tensor that escapes a dispose scope). One memcpy costs far less than anything done
/// with the tensor afterwards.
/// </para>
/// Supported voxel types: byte, sbyte, short, int, long, float, double. TorchSharp has no unsigned 16/32/64-bit
/// tensors: convert such volumes first (<see cref="Volume{T}.ConvertTo{TOut}"/>).
/// </summary>
public static class VolumeTensors
{
    /// <summary>
    /// The voxels as a (D, H, W) tensor on <paramref name="device"/> (default CPU) with element type
    /// <paramref name="dtype"/> (default: the voxel type's own, e.g. float32 for float). The tensor owns its memory.
    /// </summary>
    public static Tensor ToTensor<T>(Volume<T> volume, Device? device = null, ScalarType? dtype = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Upload(volume, volume.Shape.ToLongArray(), device, dtype);
    }

    /// <summary>The voxels as a (1, 1, D, H, W) tensor: a batch of one single-channel volume, the shape 3D convolutions take.</summary>
    public static Tensor ToBatchTensor<T>(Volume<T> volume, Device? device = null, ScalarType? dtype = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(volume);
        return Upload(volume, [1, 1, volume.Shape.Depth, volume.Shape.Height, volume.Shape.Width], device, dtype);
    }

    /// <summary>A volume of run-time element type as a (D, H, W) tensor (see <see cref="ToTensor{T}"/>).</summary>
    public static Tensor ToTensor(IVolume volume, Device? device = null, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return volume.Accept(new UploadFunc(device, dtype, batch: false));
    }

    /// <summary>A volume of run-time element type as a (1, 1, D, H, W) tensor (see <see cref="ToBatchTensor{T}"/>).</summary>
    public static Tensor ToBatchTensor(IVolume volume, Device? device = null, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return volume.Accept(new UploadFunc(device, dtype, batch: true));
    }

    /// <summary>
    /// The voxels inside <paramref name="box"/> (which must lie inside the volume) as a (1, 1, d, h, w) tensor, with one
    /// copy of those voxels only (a training patch of a whole case, without copying the case).
    /// </summary>
    public static Tensor ToBatchTensor(IVolume volume, Box3 box, Device? device = null, ScalarType? dtype = null)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (!box.Size.IsPositive || !box.IsInside(volume.Shape))
            throw new ArgumentException($"The box {box} does not lie inside the {volume.Shape} volume; crop or pad the volume first.", nameof(box));
        return volume.Accept(new CropUploadFunc(box, device, dtype));
    }

    /// <summary>
    /// A new volume with the tensor's values: the tensor must be (D, H, W) or have only size-1 axes before them,
    /// e.g. (1, 1, D, H, W). Any device, any strides; values of another element type are converted as torch's
    /// copy_ converts them (float to integer truncates toward zero). One copy, straight into the volume's array.
    /// </summary>
    public static Volume<T> FromTensor<T>(Tensor tensor, VolumeGeometry? geometry = null, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = VolumeShapeOf(tensor);
        _ = ScalarTypeOf<T>(); // refuses unsigned element types with the fix before allocating
        var data = new T[shape.VoxelCount];
        using (no_grad())
        using (var alias = from_array(data, CPU))
        using (var view = alias.view(tensor.shape))
        {
            view.copy_(tensor);
        }
        return new Volume<T>(shape, data, geometry, metadata);
    }

    /// <summary>
    /// A new volume with the tensor's values and <paramref name="like"/>'s geometry and metadata, e.g. a prediction
    /// for an input volume. Throws when the shapes differ.
    /// </summary>
    public static Volume<T> FromTensor<T>(Tensor tensor, IVolume like)
        where T : unmanaged, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(like);
        var shape = VolumeShapeOf(tensor);
        if (shape != like.Shape)
            throw new ArgumentException($"Tensor of shape {ShapeText(tensor)} gives a {shape} volume, but the reference volume is {like.Shape}.", nameof(tensor));
        return FromTensor<T>(tensor, like.Geometry, like.Metadata);
    }

    /// <summary>
    /// A new volume whose element type follows the tensor's: uint8, int8, int16, int32, int64, float32, float64 map
    /// to the same; bool becomes byte (0/1), float16 and bfloat16 become float.
    /// </summary>
    public static IVolume FromTensor(Tensor tensor, VolumeGeometry? geometry = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.dtype switch
        {
            ScalarType.Byte or ScalarType.Bool => FromTensor<byte>(tensor, geometry, metadata),
            ScalarType.Int8 => FromTensor<sbyte>(tensor, geometry, metadata),
            ScalarType.Int16 => FromTensor<short>(tensor, geometry, metadata),
            ScalarType.Int32 => FromTensor<int>(tensor, geometry, metadata),
            ScalarType.Int64 => FromTensor<long>(tensor, geometry, metadata),
            ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 => FromTensor<float>(tensor, geometry, metadata),
            ScalarType.Float64 => FromTensor<double>(tensor, geometry, metadata),
            var other => throw new NotSupportedException($"A {other} tensor cannot become a volume: volumes hold real scalars (uint8, int8, int16, int32, int64, float32, float64, or bool as uint8)."),
        };
    }

    /// <summary>The tensor element type that holds <typeparamref name="T"/> exactly; throws for unsigned 16/32/64-bit.</summary>
    public static ScalarType ScalarTypeOf<T>() where T : unmanaged => ScalarTypeOf(VoxelTypes.Of<T>());

    /// <summary>The tensor element type that holds <paramref name="type"/> exactly; throws for unsigned 16/32/64-bit.</summary>
    public static ScalarType ScalarTypeOf(VoxelType type) => type switch
    {
        VoxelType.UInt8 => ScalarType.Byte,
        VoxelType.Int8 => ScalarType.Int8,
        VoxelType.Int16 => ScalarType.Int16,
        VoxelType.Int32 => ScalarType.Int32,
        VoxelType.Int64 => ScalarType.Int64,
        VoxelType.Float32 => ScalarType.Float32,
        VoxelType.Float64 => ScalarType.Float64,
        VoxelType.UInt16 => throw Unsigned(type, "ConvertTo<int>() (exact)"),
        VoxelType.UInt32 => throw Unsigned(type, "ConvertTo<long>() (exact)"),
        VoxelType.UInt64 => throw Unsigned(type, "ConvertTo<long>() (saturates above long.MaxValue) or ConvertTo<double>()"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// The (D, H, W) shape of a tensor that holds one volume: rank 3, or higher with every leading axis of size 1.
    /// Throws <see cref="ArgumentException"/> otherwise, naming the shape found.
    /// </summary>
    public static Shape3 VolumeShapeOf(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var dims = tensor.shape;
        if (dims.Length < 3 || dims[..^3].Any(d => d != 1))
            throw new ArgumentException($"A tensor of shape {ShapeText(tensor)} does not hold one volume: expected (D, H, W) or (1, ..., 1, D, H, W); select one item first (e.g. tensor[0, 0]).", nameof(tensor));
        if (dims[^3] > int.MaxValue || dims[^2] > int.MaxValue || dims[^1] > int.MaxValue)
            throw new ArgumentException($"A tensor of shape {ShapeText(tensor)} is too large for a volume.", nameof(tensor));
        return new Shape3((int)dims[^3], (int)dims[^2], (int)dims[^1]).Validated("Tensor to volume");
    }

    private static Tensor Upload<T>(Volume<T> volume, long[] shape, Device? device, ScalarType? dtype)
        where T : unmanaged, INumber<T>
    {
        var source = ScalarTypeOf<T>();
        TorchRuntime.EnsureAvailable();
        // The alias shares volume.Data (pinned only while it lives); to(..., copy: true) makes the one owned copy.
        // Copying from pageable memory without non_blocking is synchronous, so disposing the alias right after is safe.
        using var alias = from_array(volume.Data, CPU);
        using var view = alias.view(shape);
        return view.to(dtype ?? source, device ?? CPU, copy: true);
    }

    private static NotSupportedException Unsigned(VoxelType type, string fix) =>
        new($"{type} voxels have no tensor element type in TorchSharp; convert the volume first with {fix}.");

    private static string ShapeText(Tensor tensor) => "(" + string.Join(", ", tensor.shape) + ")";

    private sealed class CropUploadFunc(Box3 box, Device? device, ScalarType? dtype) : IVolumeFunc<Tensor>
    {
        public Tensor Invoke<T>(Volume<T> volume) where T : unmanaged, INumber<T>
        {
            var source = ScalarTypeOf<T>();
            TorchRuntime.EnsureAvailable();
            // As Upload: the alias shares the array only during the call; the slice is not dense, so the copy made by
            // to(..., copy: true) is a new contiguous tensor holding just the box.
            using var alias = from_array(volume.Data, CPU);
            using var view = alias.view(volume.Shape.ToLongArray());
            using var part = view[TensorIndex.Slice(box.Start.D, box.End.D), TensorIndex.Slice(box.Start.H, box.End.H), TensorIndex.Slice(box.Start.W, box.End.W)];
            using var owned = part.to(dtype ?? source, device ?? CPU, copy: true);
            return owned.reshape(1, 1, box.Size.Depth, box.Size.Height, box.Size.Width);
        }
    }

    private sealed class UploadFunc(Device? device, ScalarType? dtype, bool batch) : IVolumeFunc<Tensor>
    {
        public Tensor Invoke<T>(Volume<T> volume) where T : unmanaged, INumber<T> =>
            batch ? ToBatchTensor(volume, device, dtype) : ToTensor(volume, device, dtype);
    }
}
