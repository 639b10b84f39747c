using System.Globalization;
using VNetAtria.Imaging.Formats.Compression;

namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// Writes single-file NIfTI-1 (magic "n+1", little-endian, vox_offset 352, no extensions), gzip-compressed
/// when the path ends in ".gz", atomically (<see cref="AtomicFile"/>).
/// <list type="bullet">
/// <item>The voxel type is kept (every <see cref="VoxelType"/> has a NIfTI-1 datatype); scl_slope 1, scl_inter 0.</item>
/// <item>Geometry is written twice, both with code 1 (scanner_anat): as the sform (exact float32 copy of the
/// LPS geometry converted to RAS) and as the qform (rotation quaternion, qfac = pixdim[0] = -1 for a
/// left-handed grid). pixdim[1..3] are the W, H, D spacings; xyzt_units is mm.</item>
/// <item>descrip, intent_name and intent_code come from <see cref="NiftiMetadataKeys"/> entries of the volume's
/// metadata when present (texts longer than the fields are cut to 79 and 15 characters).</item>
/// <item>gzip output is deterministic: the same volume gives the same bytes on the same .NET runtime (no time
/// stamp, no file name, a fixed OS byte; the deflate stream itself comes from the runtime's zlib).</item>
/// </list>
/// </summary>
public static class NiftiWriter
{
    /// <summary>Writes a volume as NIfTI-1 (gzip when the path ends in .gz).</summary>
    /// <exception cref="ArgumentException">The volume's geometry is not an orthonormal grid with positive spacing.</exception>
    /// <exception cref="VolumeFormatException">An extent exceeds NIfTI-1's 32767 limit.</exception>
    public static void Write(string path, IVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var header = BuildHeader(path, volume);
        var headerBytes = new byte[NiftiHeader.SingleFileMinimumOffset]; // header + 4 zero extension bytes
        header.WriteLittleEndian(headerBytes);
        var gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream =>
        {
            if (gzip)
            {
                using var gz = DeterministicGzip.Open(stream);
                gz.Write(headerBytes);
                WriteVoxels(volume, gz.Write);
            }
            else
            {
                stream.Write(headerBytes);
                WriteVoxels(volume, stream.Write);
            }
        });
    }

    private delegate void SpanSink(ReadOnlySpan<byte> bytes);

    private static void WriteVoxels(IVolume volume, SpanSink sink)
    {
        if (BitConverter.IsLittleEndian)
        {
            sink(volume.AsBytes());
            return;
        }
        // A big-endian machine: swap a copy, the volume stays untouched.
        var copy = volume.AsBytes().ToArray();
        ByteOrder.Reverse(copy, volume.VoxelType.SizeOf());
        sink(copy);
    }

    internal static NiftiHeader BuildHeader(string path, IVolume volume)
    {
        var g = volume.Geometry;
        if (g.Problem() is { } problem)
            throw new ArgumentException($"{path}: cannot write NIfTI-1: the volume's geometry is invalid ({problem}).", nameof(volume));
        var s = volume.Shape;
        CheckExtent(path, "dim[1]", "width", s.Width);
        CheckExtent(path, "dim[2]", "height", s.Height);
        CheckExtent(path, "dim[3]", "depth", s.Depth);

        var t = NiftiTransforms.FromGeometry(g);
        var md = volume.Metadata;
        var intentCode = md.TryGetValue(NiftiMetadataKeys.IntentCode, out var ic) && short.TryParse(ic, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : (short)0;
        return new NiftiHeader
        {
            Dim = [3, (short)s.Width, (short)s.Height, (short)s.Depth, 1, 1, 1, 1],
            DataType = NiftiDataType.FromVoxelType(volume.VoxelType),
            BitPix = (short)(volume.VoxelType.SizeOf() * 8),
            PixDim = [t.Qfac, (float)g.Spacing.W, (float)g.Spacing.H, (float)g.Spacing.D, 1, 1, 1, 1],
            VoxOffset = NiftiHeader.SingleFileMinimumOffset,
            SclSlope = 1,
            SclInter = 0,
            XyztUnits = 2, // NIFTI_UNITS_MM, no time unit
            Descrip = md.GetValueOrDefault(NiftiMetadataKeys.Descrip) ?? "",
            IntentName = md.GetValueOrDefault(NiftiMetadataKeys.IntentName) ?? "",
            IntentCode = intentCode,
            QformCode = 1, // NIFTI_XFORM_SCANNER_ANAT
            SformCode = 1,
            QuaternB = t.QuaternB,
            QuaternC = t.QuaternC,
            QuaternD = t.QuaternD,
            QoffsetX = (float)t.QOffset.X,
            QoffsetY = (float)t.QOffset.Y,
            QoffsetZ = (float)t.QOffset.Z,
            SrowX = t.SrowX,
            SrowY = t.SrowY,
            SrowZ = t.SrowZ,
            Magic = "n+1",
        };
    }

    private static void CheckExtent(string path, string field, string axis, int extent)
    {
        if (extent > short.MaxValue)
            throw new VolumeFormatException(path, field, $"the volume's {axis} is {extent}, more than NIfTI-1's int16 limit of {short.MaxValue}; write NRRD instead.");
    }
}
