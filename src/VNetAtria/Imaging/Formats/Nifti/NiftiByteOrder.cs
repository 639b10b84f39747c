using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>Reverses the byte order of fixed-size elements in place (NIfTI files in the other byte order).</summary>
internal static class NiftiByteOrder
{
    /// <summary>Swaps each <paramref name="elementSize"/>-byte element of <paramref name="bytes"/>; sizes 1, 2, 4 and 8.</summary>
    public static void SwapInPlace(Span<byte> bytes, int elementSize)
    {
        switch (elementSize)
        {
            case 1: return;
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); return;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); return;
            case 8: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); return;
            default: throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "Element size must be 1, 2, 4 or 8 bytes.");
        }
    }
}
