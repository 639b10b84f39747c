using System.Buffers.Binary;
using System.Text;

namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// The fields of the 348-byte NIfTI-1 header that this library reads or writes, at the offsets of
/// nifti1.h. Parsing only decodes bytes; <see cref="NiftiReader"/> validates the values.
/// </summary>
internal sealed class NiftiHeader
{
    /// <summary>Size of the NIfTI-1 header (the value of sizeof_hdr).</summary>
    public const int Size = 348;

    /// <summary>Header plus the 4-byte extension flag that single files carry: the smallest legal vox_offset.</summary>
    public const int SingleFileMinimumOffset = 352;

    public bool BigEndian { get; init; }
    public short[] Dim { get; init; } = new short[8];
    public short IntentCode { get; init; }
    public short DataType { get; init; }
    public short BitPix { get; init; }
    public float[] PixDim { get; init; } = new float[8];
    public float VoxOffset { get; init; }
    public float SclSlope { get; init; }
    public float SclInter { get; init; }
    public byte XyztUnits { get; init; }
    public string Descrip { get; init; } = "";
    public string AuxFile { get; init; } = "";
    public short QformCode { get; init; }
    public short SformCode { get; init; }
    public float QuaternB { get; init; }
    public float QuaternC { get; init; }
    public float QuaternD { get; init; }
    public float QoffsetX { get; init; }
    public float QoffsetY { get; init; }
    public float QoffsetZ { get; init; }
    public float[] SrowX { get; init; } = new float[4];
    public float[] SrowY { get; init; } = new float[4];
    public float[] SrowZ { get; init; } = new float[4];
    public string IntentName { get; init; } = "";
    public string Magic { get; init; } = "";

    /// <summary>
    /// The byte order a header's first four bytes (sizeof_hdr) imply: 348 read little-endian means a
    /// little-endian file, 348 byte-swapped a big-endian one (the NIfTI-1 rule; there is no endian flag).
    /// Returns null when neither reading gives 348, with the little-endian value for the message.
    /// </summary>
    public static bool? DetectBigEndian(ReadOnlySpan<byte> first4, out int littleEndianValue)
    {
        littleEndianValue = BinaryPrimitives.ReadInt32LittleEndian(first4);
        if (littleEndianValue == Size) return false;
        if (BinaryPrimitives.ReadInt32BigEndian(first4) == Size) return true;
        return null;
    }

    /// <summary>Decodes the 348 header bytes in the given byte order.</summary>
    public static NiftiHeader Parse(ReadOnlySpan<byte> b, bool bigEndian)
    {
        var r = new FieldReader(b, bigEndian);
        var dim = new short[8];
        var pixdim = new float[8];
        for (var i = 0; i < 8; i++)
        {
            dim[i] = r.Int16(40 + 2 * i);
            pixdim[i] = r.Float(76 + 4 * i);
        }
        return new NiftiHeader
        {
            BigEndian = bigEndian,
            Dim = dim,
            IntentCode = r.Int16(68),
            DataType = r.Int16(70),
            BitPix = r.Int16(72),
            PixDim = pixdim,
            VoxOffset = r.Float(108),
            SclSlope = r.Float(112),
            SclInter = r.Float(116),
            XyztUnits = b[123],
            Descrip = Text(b.Slice(148, 80)),
            AuxFile = Text(b.Slice(228, 24)),
            QformCode = r.Int16(252),
            SformCode = r.Int16(254),
            QuaternB = r.Float(256),
            QuaternC = r.Float(260),
            QuaternD = r.Float(264),
            QoffsetX = r.Float(268),
            QoffsetY = r.Float(272),
            QoffsetZ = r.Float(276),
            SrowX = [r.Float(280), r.Float(284), r.Float(288), r.Float(292)],
            SrowY = [r.Float(296), r.Float(300), r.Float(304), r.Float(308)],
            SrowZ = [r.Float(312), r.Float(316), r.Float(320), r.Float(324)],
            IntentName = Text(b.Slice(328, 16)),
            Magic = Text(b.Slice(344, 4)),
        };
    }

    /// <summary>Encodes this header little-endian into 348 bytes (fields not modelled here are zero).</summary>
    public void WriteLittleEndian(Span<byte> b)
    {
        b[..Size].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(b, Size);
        // "regular" = 'r': unused by NIfTI-1 but set by the reference library for ANALYZE 7.5 readers.
        b[38] = (byte)'r';
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(b[(40 + 2 * i)..], Dim[i]);
            BinaryPrimitives.WriteSingleLittleEndian(b[(76 + 4 * i)..], PixDim[i]);
        }
        BinaryPrimitives.WriteInt16LittleEndian(b[68..], IntentCode);
        BinaryPrimitives.WriteInt16LittleEndian(b[70..], DataType);
        BinaryPrimitives.WriteInt16LittleEndian(b[72..], BitPix);
        BinaryPrimitives.WriteSingleLittleEndian(b[108..], VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(b[112..], SclSlope);
        BinaryPrimitives.WriteSingleLittleEndian(b[116..], SclInter);
        b[123] = XyztUnits;
        PutText(b.Slice(148, 80), Descrip);
        PutText(b.Slice(228, 24), AuxFile);
        BinaryPrimitives.WriteInt16LittleEndian(b[252..], QformCode);
        BinaryPrimitives.WriteInt16LittleEndian(b[254..], SformCode);
        float[] q = [QuaternB, QuaternC, QuaternD, QoffsetX, QoffsetY, QoffsetZ];
        for (var i = 0; i < q.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b[(256 + 4 * i)..], q[i]);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b[(280 + 4 * i)..], SrowX[i]);
            BinaryPrimitives.WriteSingleLittleEndian(b[(296 + 4 * i)..], SrowY[i]);
            BinaryPrimitives.WriteSingleLittleEndian(b[(312 + 4 * i)..], SrowZ[i]);
        }
        PutText(b.Slice(328, 16), IntentName);
        PutText(b.Slice(344, 4), Magic);
    }

    /// <summary>A NUL-terminated fixed-size text field (ASCII in practice; Latin-1 keeps any byte readable).</summary>
    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? field : field[..end]);
    }

    /// <summary>Writes text truncated so that a terminating NUL always fits (non-Latin-1 characters become '?').</summary>
    private static void PutText(Span<byte> field, string text)
    {
        var max = field.Length - 1;
        var n = Math.Min(text.Length, max);
        for (var i = 0; i < n; i++) field[i] = text[i] <= 0xFF ? (byte)text[i] : (byte)'?';
    }

    private readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _b = bytes;

        public short Int16(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_b[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_b[offset..]);

        public float Float(int offset) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_b[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_b[offset..]);
    }
}
