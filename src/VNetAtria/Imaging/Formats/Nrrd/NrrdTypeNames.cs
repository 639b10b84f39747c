namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// The NRRD <c>type</c> field's spellings (teem's <c>_nrrdTypeStrEqv</c>): every C spelling and stdint alias
/// of each scalar type, case-insensitive, with runs of spaces treated as one.
/// </summary>
public static class NrrdTypeNames
{
    private static readonly Dictionary<string, VoxelType> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["signed char"] = VoxelType.Int8, ["int8"] = VoxelType.Int8, ["int8_t"] = VoxelType.Int8,
        ["uchar"] = VoxelType.UInt8, ["unsigned char"] = VoxelType.UInt8, ["uint8"] = VoxelType.UInt8, ["uint8_t"] = VoxelType.UInt8,
        ["short"] = VoxelType.Int16, ["short int"] = VoxelType.Int16, ["signed short"] = VoxelType.Int16,
        ["signed short int"] = VoxelType.Int16, ["int16"] = VoxelType.Int16, ["int16_t"] = VoxelType.Int16,
        ["ushort"] = VoxelType.UInt16, ["unsigned short"] = VoxelType.UInt16, ["unsigned short int"] = VoxelType.UInt16,
        ["uint16"] = VoxelType.UInt16, ["uint16_t"] = VoxelType.UInt16,
        ["int"] = VoxelType.Int32, ["signed int"] = VoxelType.Int32, ["int32"] = VoxelType.Int32, ["int32_t"] = VoxelType.Int32,
        ["uint"] = VoxelType.UInt32, ["unsigned int"] = VoxelType.UInt32, ["uint32"] = VoxelType.UInt32, ["uint32_t"] = VoxelType.UInt32,
        ["longlong"] = VoxelType.Int64, ["long long"] = VoxelType.Int64, ["long long int"] = VoxelType.Int64,
        ["signed long long"] = VoxelType.Int64, ["signed long long int"] = VoxelType.Int64,
        ["int64"] = VoxelType.Int64, ["int64_t"] = VoxelType.Int64,
        ["ulonglong"] = VoxelType.UInt64, ["unsigned long long"] = VoxelType.UInt64, ["unsigned long long int"] = VoxelType.UInt64,
        ["uint64"] = VoxelType.UInt64, ["uint64_t"] = VoxelType.UInt64,
        ["float"] = VoxelType.Float32,
        ["double"] = VoxelType.Float64,
    };

    /// <summary>Every accepted spelling, for documentation and tests.</summary>
    public static IReadOnlyCollection<string> AllSpellings => Aliases.Keys;

    /// <summary>Parses a <c>type</c> value; false for unknown spellings (and for teem's <c>block</c>, which has no voxel type here).</summary>
    public static bool TryParse(string text, out VoxelType type) =>
        Aliases.TryGetValue(string.Join(' ', text.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries)), out type);

    /// <summary>teem's canonical spelling, which <c>unu</c>, ITK and 3D Slicer write (e.g. "unsigned char", "short").</summary>
    public static string CanonicalName(VoxelType type) => type switch
    {
        VoxelType.Int8 => "signed char",
        VoxelType.UInt8 => "unsigned char",
        VoxelType.Int16 => "short",
        VoxelType.UInt16 => "unsigned short",
        VoxelType.Int32 => "int",
        VoxelType.UInt32 => "unsigned int",
        VoxelType.Int64 => "long long int",
        VoxelType.UInt64 => "unsigned long long int",
        VoxelType.Float32 => "float",
        VoxelType.Float64 => "double",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
