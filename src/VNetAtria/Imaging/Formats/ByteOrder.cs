using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VNetAtria.Imaging.Formats;

/// <summary>Reverses the byte order of every element of a buffer in place (vectorised by the runtime): files written in the other byte order.</summary>
internal static class ByteOrder
{
    public static void Reverse(Span<byte> data, int elementSize)
    {
        switch (elementSize)
        {
            case 1: return;
            case 2: { var s = MemoryMarshal.Cast<byte, ushort>(data); BinaryPrimitives.ReverseEndianness(s, s); return; }
            case 4: { var s = MemoryMarshal.Cast<byte, uint>(data); BinaryPrimitives.ReverseEndianness(s, s); return; }
            case 8: { var s = MemoryMarshal.Cast<byte, ulong>(data); BinaryPrimitives.ReverseEndianness(s, s); return; }
            default: throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "element size must be 1, 2, 4 or 8");
        }
    }
}
