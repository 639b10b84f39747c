namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// The NIfTI-1 <c>datatype</c> codes (nifti1.h, DT_*) and their mapping to <see cref="VoxelType"/>.
/// Complex, RGB, binary and 128-bit types have no voxel type here and are refused by the reader.
/// </summary>
internal static class NiftiDataType
{
    public const short UInt8 = 2;
    public const short Int16 = 4;
    public const short Int32 = 8;
    public const short Float32 = 16;
    public const short Float64 = 64;
    public const short Int8 = 256;
    public const short UInt16 = 512;
    public const short UInt32 = 768;
    public const short Int64 = 1024;
    public const short UInt64 = 1280;

    /// <summary>The voxel type of a datatype code, or null when the code is not one we read.</summary>
    public static VoxelType? ToVoxelType(short code) => code switch
    {
        UInt8 => VoxelType.UInt8,
        Int8 => VoxelType.Int8,
        Int16 => VoxelType.Int16,
        UInt16 => VoxelType.UInt16,
        Int32 => VoxelType.Int32,
        UInt32 => VoxelType.UInt32,
        Int64 => VoxelType.Int64,
        UInt64 => VoxelType.UInt64,
        Float32 => VoxelType.Float32,
        Float64 => VoxelType.Float64,
        _ => null,
    };

    /// <summary>The datatype code for a voxel type (every voxel type has one).</summary>
    public static short FromVoxelType(VoxelType type) => type switch
    {
        VoxelType.UInt8 => UInt8,
        VoxelType.Int8 => Int8,
        VoxelType.Int16 => Int16,
        VoxelType.UInt16 => UInt16,
        VoxelType.Int32 => Int32,
        VoxelType.UInt32 => UInt32,
        VoxelType.Int64 => Int64,
        VoxelType.UInt64 => UInt64,
        VoxelType.Float32 => Float32,
        VoxelType.Float64 => Float64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No NIfTI-1 datatype for this voxel type."),
    };

    /// <summary>A readable name for a code, used in error messages (names from nifti1.h).</summary>
    public static string Describe(short code) => code switch
    {
        0 => "0 (DT_UNKNOWN)",
        1 => "1 (DT_BINARY, 1 bit per voxel)",
        32 => "32 (DT_COMPLEX64)",
        128 => "128 (DT_RGB24)",
        1536 => "1536 (DT_FLOAT128)",
        1792 => "1792 (DT_COMPLEX128)",
        2048 => "2048 (DT_COMPLEX256)",
        2304 => "2304 (DT_RGBA32)",
        _ => ToVoxelType(code) is { } t ? $"{code} ({t})" : $"{code} (not a NIfTI-1 datatype)",
    };
}
