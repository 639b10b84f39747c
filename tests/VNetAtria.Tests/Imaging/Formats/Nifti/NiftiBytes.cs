using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace VNetAtria.Tests.Imaging.Formats.Nifti;

/// <summary>
/// Builds NIfTI-1 files byte by byte at the offsets of nifti1.h, independently of the library's header
/// code, so reader tests do not depend on the writer. Defaults: a little-endian 3-D uint8 "n+1" file
/// with vox_offset 352, no transform codes and unit pixdim.
/// </summary>
internal sealed class NiftiBytes
{
    public bool BigEndian { get; set; }
    public int SizeofHdr { get; set; } = 348;
    public short[] Dim { get; set; } = [3, 1, 1, 1, 1, 1, 1, 1];
    public short DataType { get; set; } = 2;
    public short BitPix { get; set; } = 8;
    public float[] PixDim { get; set; } = [1, 1, 1, 1, 1, 1, 1, 1];
    public float VoxOffset { get; set; } = 352;
    public float SclSlope { get; set; } = 1;
    public float SclInter { get; set; }
    public short QformCode { get; set; }
    public short SformCode { get; set; }
    public float[] Quatern { get; set; } = [0, 0, 0];
    public float[] QOffset { get; set; } = [0, 0, 0];
    public float[] SrowX { get; set; } = [0, 0, 0, 0];
    public float[] SrowY { get; set; } = [0, 0, 0, 0];
    public float[] SrowZ { get; set; } = [0, 0, 0, 0];
    public string Magic { get; set; } = "n+1";
    public string Descrip { get; set; } = "";
    public string IntentName { get; set; } = "";
    public short IntentCode { get; set; }
    public byte XyztUnits { get; set; } = 2;

    /// <summary>Voxel bytes exactly as they go into the file (caller encodes the byte order).</summary>
    public byte[] Data { get; set; } = [];

    public byte[] Build()
    {
        var size = Math.Max(352, (int)VoxOffset);
        var b = new byte[size + Data.Length];
        PutI32(b, 0, SizeofHdr);
        for (var i = 0; i < 8; i++)
        {
            PutI16(b, 40 + 2 * i, Dim[i]);
            PutF32(b, 76 + 4 * i, PixDim[i]);
        }
        PutI16(b, 68, IntentCode);
        PutI16(b, 70, DataType);
        PutI16(b, 72, BitPix);
        PutF32(b, 108, VoxOffset);
        PutF32(b, 112, SclSlope);
        PutF32(b, 116, SclInter);
        b[123] = XyztUnits;
        Encoding.ASCII.GetBytes(Descrip).CopyTo(b, 148);
        PutI16(b, 252, QformCode);
        PutI16(b, 254, SformCode);
        for (var i = 0; i < 3; i++)
        {
            PutF32(b, 256 + 4 * i, Quatern[i]);
            PutF32(b, 268 + 4 * i, QOffset[i]);
        }
        for (var i = 0; i < 4; i++)
        {
            PutF32(b, 280 + 4 * i, SrowX[i]);
            PutF32(b, 296 + 4 * i, SrowY[i]);
            PutF32(b, 312 + 4 * i, SrowZ[i]);
        }
        Encoding.ASCII.GetBytes(IntentName).CopyTo(b, 328);
        Encoding.ASCII.GetBytes(Magic).CopyTo(b, 344);
        Data.CopyTo(b, size);
        return b;
    }

    public string Save(string folder, string name, bool gzip = false)
    {
        var path = Path.Combine(folder, name);
        var bytes = Build();
        if (gzip) bytes = Gzip(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(bytes);
        return ms.ToArray();
    }

    public byte[] Encode16(params short[] values) => Encode(values.Length, 2, (s, i) => { if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(s, values[i]); else BinaryPrimitives.WriteInt16LittleEndian(s, values[i]); });

    public byte[] EncodeF32(params float[] values) => Encode(values.Length, 4, (s, i) => { if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(s, values[i]); else BinaryPrimitives.WriteSingleLittleEndian(s, values[i]); });

    public byte[] EncodeF64(params double[] values) => Encode(values.Length, 8, (s, i) => { if (BigEndian) BinaryPrimitives.WriteDoubleBigEndian(s, values[i]); else BinaryPrimitives.WriteDoubleLittleEndian(s, values[i]); });

    private delegate void Put(Span<byte> slot, int index);

    private static byte[] Encode(int count, int size, Put put)
    {
        var b = new byte[count * size];
        for (var i = 0; i < count; i++) put(b.AsSpan(i * size, size), i);
        return b;
    }

    private void PutI16(byte[] b, int o, short v) { if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(o), v); }
    private void PutI32(byte[] b, int o, int v) { if (BigEndian) BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(o), v); }
    private void PutF32(byte[] b, int o, float v) { if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(o), v); else BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(o), v); }
}
