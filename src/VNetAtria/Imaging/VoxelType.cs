namespace VNetAtria.Imaging;

/// <summary>The element types a volume can hold (those NRRD, NIfTI-1 and HDF5 share).</summary>
public enum VoxelType
{
    /// <summary>unsigned 8-bit (byte)</summary>
    UInt8,
    /// <summary>signed 8-bit (sbyte)</summary>
    Int8,
    /// <summary>unsigned 16-bit</summary>
    UInt16,
    /// <summary>signed 16-bit</summary>
    Int16,
    /// <summary>unsigned 32-bit</summary>
    UInt32,
    /// <summary>signed 32-bit</summary>
    Int32,
    /// <summary>unsigned 64-bit</summary>
    UInt64,
    /// <summary>signed 64-bit</summary>
    Int64,
    /// <summary>32-bit IEEE float</summary>
    Float32,
    /// <summary>64-bit IEEE float</summary>
    Float64,
}

/// <summary>Maps between <see cref="VoxelType"/> and CLR types.</summary>
public static class VoxelTypes
{
    /// <summary>The voxel type of a CLR element type; throws for unsupported types.</summary>
    public static VoxelType Of<T>() where T : unmanaged => Of(typeof(T));

    /// <summary>The voxel type of a CLR element type; throws for unsupported types.</summary>
    public static VoxelType Of(Type t) =>
        t == typeof(byte) ? VoxelType.UInt8 :
        t == typeof(sbyte) ? VoxelType.Int8 :
        t == typeof(ushort) ? VoxelType.UInt16 :
        t == typeof(short) ? VoxelType.Int16 :
        t == typeof(uint) ? VoxelType.UInt32 :
        t == typeof(int) ? VoxelType.Int32 :
        t == typeof(ulong) ? VoxelType.UInt64 :
        t == typeof(long) ? VoxelType.Int64 :
        t == typeof(float) ? VoxelType.Float32 :
        t == typeof(double) ? VoxelType.Float64 :
        throw new NotSupportedException($"Voxel element type {t.Name} is not supported; use byte, sbyte, (u)short, (u)int, (u)long, float or double.");

    /// <summary>Bytes per element.</summary>
    public static int SizeOf(this VoxelType t) => t switch
    {
        VoxelType.UInt8 or VoxelType.Int8 => 1,
        VoxelType.UInt16 or VoxelType.Int16 => 2,
        VoxelType.UInt32 or VoxelType.Int32 or VoxelType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The CLR type of a voxel type.</summary>
    public static Type ClrType(this VoxelType t) => t switch
    {
        VoxelType.UInt8 => typeof(byte),
        VoxelType.Int8 => typeof(sbyte),
        VoxelType.UInt16 => typeof(ushort),
        VoxelType.Int16 => typeof(short),
        VoxelType.UInt32 => typeof(uint),
        VoxelType.Int32 => typeof(int),
        VoxelType.UInt64 => typeof(ulong),
        VoxelType.Int64 => typeof(long),
        VoxelType.Float32 => typeof(float),
        VoxelType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>True for float and double.</summary>
    public static bool IsFloatingPoint(this VoxelType t) => t is VoxelType.Float32 or VoxelType.Float64;
}
