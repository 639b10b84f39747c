using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using VNetAtria.Imaging.Formats.Compression;

namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 volumes (.nii, and .nii.gz or any gzip-compressed .nii, recognised by content).
/// <list type="bullet">
/// <item>Byte order: either; detected from sizeof_hdr (348 or byte-swapped 348), voxels returned native.</item>
/// <item>Dimensions: dim[0] = 3, or more when every dim[4..] is 1 (a single 3-D volume); index i (fastest) is
/// the volume's W axis, j is H, k is D.</item>
/// <item>Geometry: the sform when sform_code &gt; 0, else the qform when qform_code &gt; 0, else pixdim only
/// (NIfTI-1 methods 3, 2, 1), converted from RAS to LPS. <see cref="NiftiMetadataKeys.Transform"/> says which.
/// Spatial units of metres or microns (xyzt_units) are converted to mm; unknown units are taken as mm.</item>
/// <item>Types: uint8, int8, (u)int16, (u)int32, (u)int64, float32, float64.</item>
/// <item>Scaling: when scl_slope is finite, non-zero and (scl_slope, scl_inter) is not (1, 0), voxels are
/// returned as slope * stored + inter in float64 for float64 files and float32 otherwise (a non-finite
/// scl_inter counts as 0). Otherwise the stored type is returned unchanged, so label maps stay integer.</item>
/// <item>Metadata: descrip, intent name and code, transform source and scaling under <see cref="NiftiMetadataKeys"/>.</item>
/// </list>
/// Refused with a <see cref="VolumeFormatException"/> naming the field: a bad sizeof_hdr or magic, NIfTI-2,
/// header/image pairs ("ni1"), time series, non-positive dims, unsupported datatypes, a bitpix that does
/// not match the datatype, a vox_offset inside the header, truncated data and corrupt gzip.
/// </summary>
public static class NiftiReader
{
    /// <summary>Reads a 3D NIfTI-1 volume.</summary>
    /// <param name="path">A .nii file, gzip-compressed or not (.nii.gz).</param>
    /// <returns>A <see cref="Volume{T}"/> of the stored type, or of float/double when scaling applies (see the class remarks).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VolumeFormatException">The file is malformed, truncated or not a supported NIfTI-1 volume.</exception>
    public static IVolume Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var compressed = IsGzip(file);
        file.Position = 0;
        if (!compressed) return ReadFrom(file, path, file.Length, compressedLength: null);
        try
        {
            using var gz = new ValidatingGzipStream(file, 0, checkAtEnd: true);
            return ReadFrom(gz, path, knownLength: null, compressedLength: file.Length);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new VolumeFormatException(path, "gzip",
                $"the gzip stream is corrupt or truncated ({e.Message}); the file was damaged in transfer or storage: obtain it again.", e);
        }
    }

    private static bool IsGzip(Stream s)
    {
        Span<byte> magic = stackalloc byte[2];
        return s.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <param name="s">The (decompressed) file content, positioned at byte 0.</param>
    /// <param name="path">For messages.</param>
    /// <param name="knownLength">The content length when known up front (uncompressed files).</param>
    /// <param name="compressedLength">The compressed file size for gzip content, bounding how much it can hold.</param>
    private static IVolume ReadFrom(Stream s, string path, long? knownLength, long? compressedLength)
    {
        var headerBytes = new byte[NiftiHeader.Size];
        var got = s.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (got < 4)
            throw new VolumeFormatException(path, "sizeof_hdr", $"the file holds {got} bytes; a NIfTI-1 file starts with a {NiftiHeader.Size}-byte header.");
        var bigEndian = NiftiHeader.DetectBigEndian(headerBytes, out var sizeofHdr);
        if (bigEndian is null)
        {
            var swapped = BinaryPrimitives.ReverseEndianness(sizeofHdr);
            var why = sizeofHdr == 540 || swapped == 540
                ? " (540 is NIfTI-2, which is not supported: convert to NIfTI-1, e.g. with nibabel's Nifti1Image)"
                : " (this is not a NIfTI-1 file)";
            throw new VolumeFormatException(path, "sizeof_hdr", $"expected {NiftiHeader.Size} in either byte order, found {sizeofHdr} (byte-swapped {swapped}){why}.");
        }
        if (got < NiftiHeader.Size)
            throw new VolumeFormatException(path, "header", $"truncated: the file holds {got} bytes, the NIfTI-1 header needs {NiftiHeader.Size}.");

        var h = NiftiHeader.Parse(headerBytes, bigEndian.Value);
        var layout = Validate(h, path);
        // Geometry problems are found from the header alone, before any voxel is read.
        var (geometry, source) = NiftiTransforms.ToGeometry(h, path);
        var metadata = Metadata(h, source);

        // Bound the voxel data by what the file can hold before allocating anything of that size.
        var end = layout.Offset + layout.DataBytes;
        if (knownLength is { } length && end > length)
            throw new VolumeFormatException(path, "voxel data",
                $"truncated: dims {layout.Shape.Width}x{layout.Shape.Height}x{layout.Shape.Depth} of {layout.Type} need {layout.DataBytes} bytes from vox_offset {layout.Offset} (to byte {end}), but the file has {length} bytes.");
        if (compressedLength is { } clen && end > clen * ValidatingGzipStream.MaxExpansionRatio)
            throw new VolumeFormatException(path, "voxel data",
                $"the header promises {end} bytes of content, more than a {clen}-byte gzip file can hold (deflate expands at most {ValidatingGzipStream.MaxExpansionRatio}:1); the header's dims are wrong or the file is truncated.");

        Skip(s, layout.Offset - NiftiHeader.Size, path);
        var raw = layout.Type switch
        {
            VoxelType.UInt8 => ReadVoxels<byte>(s, h, layout, geometry, metadata, path),
            VoxelType.Int8 => ReadVoxels<sbyte>(s, h, layout, geometry, metadata, path),
            VoxelType.Int16 => ReadVoxels<short>(s, h, layout, geometry, metadata, path),
            VoxelType.UInt16 => ReadVoxels<ushort>(s, h, layout, geometry, metadata, path),
            VoxelType.Int32 => ReadVoxels<int>(s, h, layout, geometry, metadata, path),
            VoxelType.UInt32 => ReadVoxels<uint>(s, h, layout, geometry, metadata, path),
            VoxelType.Int64 => ReadVoxels<long>(s, h, layout, geometry, metadata, path),
            VoxelType.UInt64 => ReadVoxels<ulong>(s, h, layout, geometry, metadata, path),
            VoxelType.Float32 => ReadVoxels<float>(s, h, layout, geometry, metadata, path),
            VoxelType.Float64 => ReadVoxels<double>(s, h, layout, geometry, metadata, path),
            _ => throw new InvalidOperationException($"unhandled voxel type {layout.Type}"),
        };
        // Read to the end of gzip content so that its CRC and length are checked.
        if (s is ValidatingGzipStream gzip) gzip.DrainAndCheck();
        return raw;
    }

    /// <summary>The validated shape, type, data offset and byte count of a header.</summary>
    private readonly record struct Layout(Shape3 Shape, VoxelType Type, long Offset, long DataBytes);

    private static Layout Validate(NiftiHeader h, string path)
    {
        if (h.Magic == "ni1")
            throw new VolumeFormatException(path, "magic",
                "this is the header of a .hdr/.img pair (magic 'ni1'); only single-file NIfTI-1 (magic 'n+1') is supported: convert it to .nii or .nii.gz (e.g. nibabel.save(nibabel.load('x.hdr'), 'x.nii.gz')).");
        if (h.Magic != "n+1")
            throw new VolumeFormatException(path, "magic",
                $"expected 'n+1' (single-file NIfTI-1), found '{Printable(h.Magic)}'; ANALYZE 7.5 files have no magic and are not supported.");

        var rank = h.Dim[0];
        if (rank < 1 || rank > 7)
            throw new VolumeFormatException(path, "dim[0]", $"expected a dimension count from 1 to 7, found {rank}.");
        for (var i = 1; i <= rank; i++)
            if (h.Dim[i] < 1)
                throw new VolumeFormatException(path, $"dim[{i}]", $"expected a positive size, found {h.Dim[i]}.");
        if (rank < 3)
            throw new VolumeFormatException(path, "dim[0]", $"expected a 3-D volume (dim[0] = 3), found a {rank}-D image; only 3-D volumes are supported.");
        for (var i = 4; i <= rank; i++)
            if (h.Dim[i] != 1)
                throw new VolumeFormatException(path, $"dim[{i}]",
                    $"expected 1 (a single 3-D volume), found {h.Dim[i]}: dim[0] = {rank} and dims {string.Join("x", h.Dim[1..(rank + 1)])} describe a series; extract one volume first (e.g. fslroi or nibabel slicing).");

        if (NiftiDataType.ToVoxelType(h.DataType) is not { } type)
            throw new VolumeFormatException(path, "datatype",
                $"expected one of uint8 (2), int8 (256), int16 (4), uint16 (512), int32 (8), uint32 (768), int64 (1024), uint64 (1280), float32 (16), float64 (64); found {NiftiDataType.Describe(h.DataType)}.");
        var bits = type.SizeOf() * 8;
        if (h.BitPix != bits)
            throw new VolumeFormatException(path, "bitpix", $"expected {bits} for datatype {NiftiDataType.Describe(h.DataType)}, found {h.BitPix}; the header is inconsistent.");

        // Sizes are at most 32767 each, so these products fit a long without overflow.
        var shape = new Shape3(h.Dim[3], h.Dim[2], h.Dim[1]);
        if (shape.VoxelCount > Array.MaxLength)
            throw new VolumeFormatException(path, "dim", $"{shape.Width}x{shape.Height}x{shape.Depth} = {shape.VoxelCount} voxels is more than one array can hold ({Array.MaxLength}).");
        var dataBytes = shape.VoxelCount * type.SizeOf();

        var vox = h.VoxOffset;
        if (!float.IsFinite(vox) || vox < 0 || vox != MathF.Floor(vox) || vox > int.MaxValue)
            throw new VolumeFormatException(path, "vox_offset", $"expected a whole number of bytes of at least {NiftiHeader.SingleFileMinimumOffset}, found {vox.ToString(CultureInfo.InvariantCulture)}.");
        // 0 means "unset" to several writers; nibabel and nifti1_io then read from byte 352.
        var offset = vox == 0 ? NiftiHeader.SingleFileMinimumOffset : (long)vox;
        if (offset < NiftiHeader.SingleFileMinimumOffset)
            throw new VolumeFormatException(path, "vox_offset", $"expected at least {NiftiHeader.SingleFileMinimumOffset} (the data follows the 348-byte header and 4 extension bytes), found {offset}.");
        return new Layout(shape, type, offset, dataBytes);
    }

    private static IVolume ReadVoxels<T>(Stream s, NiftiHeader h, Layout layout, VolumeGeometry geometry, Dictionary<string, string> metadata, string path)
        where T : unmanaged, INumber<T>
    {
        var data = new T[layout.Shape.VoxelCount];
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        var got = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
            throw new VolumeFormatException(path, "voxel data",
                $"truncated: expected {bytes.Length} bytes from offset {layout.Offset}, found {got}.");
        if (h.BigEndian == BitConverter.IsLittleEndian) ByteOrder.Reverse(bytes, layout.Type.SizeOf());

        var slope = (double)h.SclSlope;
        var inter = float.IsFinite(h.SclInter) ? h.SclInter : 0.0;
        if (double.IsFinite(slope) && slope != 0 && !(slope == 1 && inter == 0))
        {
            metadata[NiftiMetadataKeys.Scaling] = FormattableString.Invariant($"{h.SclSlope:R},{(float)inter:R}");
            return layout.Type == VoxelType.Float64
                ? new Volume<double>(layout.Shape, Scale<T, double>(data, slope, inter), geometry, metadata)
                : new Volume<float>(layout.Shape, Scale<T, float>(data, slope, inter), geometry, metadata);
        }
        return new Volume<T>(layout.Shape, data, geometry, metadata);
    }

    private static TOut[] Scale<T, TOut>(T[] data, double slope, double inter)
        where T : unmanaged, INumber<T> where TOut : unmanaged, IFloatingPoint<TOut>
    {
        var result = new TOut[data.Length];
        for (var i = 0; i < data.Length; i++)
            result[i] = TOut.CreateChecked(double.CreateChecked(data[i]) * slope + inter);
        return result;
    }

    private static Dictionary<string, string> Metadata(NiftiHeader h, NiftiTransforms.Source source)
    {
        var m = new Dictionary<string, string>();
        if (h.Descrip.Length > 0) m[NiftiMetadataKeys.Descrip] = h.Descrip;
        if (h.IntentName.Length > 0) m[NiftiMetadataKeys.IntentName] = h.IntentName;
        if (h.IntentCode != 0) m[NiftiMetadataKeys.IntentCode] = h.IntentCode.ToString(CultureInfo.InvariantCulture);
        m[NiftiMetadataKeys.Transform] = source switch
        {
            NiftiTransforms.Source.Sform => $"sform {XformName(h.SformCode)}",
            NiftiTransforms.Source.Qform => $"qform {XformName(h.QformCode)}",
            _ => "pixdim",
        };
        return m;
    }

    /// <summary>The NIFTI_XFORM_* code names of nifti1.h, lower case.</summary>
    private static string XformName(short code) => code switch
    {
        1 => "scanner_anat",
        2 => "aligned_anat",
        3 => "talairach",
        4 => "mni_152",
        _ => code.ToString(CultureInfo.InvariantCulture),
    };

    private static void Skip(Stream s, long count, string path)
    {
        if (count <= 0) return;
        if (s.CanSeek)
        {
            s.Seek(count, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var n = s.Read(buffer, 0, (int)Math.Min(count, buffer.Length));
            if (n == 0) throw new VolumeFormatException(path, "vox_offset", $"truncated: the file ends {count} bytes before the voxel data starts.");
            count -= n;
        }
    }

    private static string Printable(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\x{(int)c:x2}"));
}
