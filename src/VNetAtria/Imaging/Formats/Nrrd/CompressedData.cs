using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.BZip2;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Decompresses gzip and bzip2 data straight into the volume's memory with a hard bound: exactly the bytes the
/// header's sizes need are accepted; less or more is an error, and nothing is allocated in proportion to what the
/// compressed stream claims. For gzip the trailer (CRC32 and length) is checked against the decompressed bytes,
/// because System.IO.Compression accepts a stream cut off before its trailer (or followed by junk) without a word.
/// </summary>
internal static class CompressedData
{
    /// <summary>
    /// Deflate's largest possible expansion (a 258-byte match costs at least 2 bits, so about 1032:1):
    /// fewer compressed bytes than need/1032 cannot hold the data, which lets a lying header fail before allocation.
    /// </summary>
    public const long MaxDeflateRatio = 1032;

    /// <summary>With byte skip -1 on compressed data, at most this many bytes may precede the volume's data.</summary>
    public const long MaxPrefixBeforeTrailingData = 64L << 20;

    private const int MinGzipLength = 18; // 10-byte header + empty deflate block (2) + 8-byte trailer, rounded down

    /// <summary>Decompresses the gzip stream that runs from <paramref name="start"/> to the end of <paramref name="file"/>.</summary>
    public static void Gunzip(FileStream file, long start, long skip, Span<byte> destination, Func<string, Exception> error)
    {
        var length = file.Length - start;
        if (length < MinGzipLength)
            throw error($"the gzip data is only {length} bytes long: a gzip stream has a 10-byte header and an 8-byte trailer, so it is truncated or missing.");
        Span<byte> head = stackalloc byte[3];
        RandomAccess.Read(file.SafeFileHandle, head, start);
        if (head[0] != 0x1f || head[1] != 0x8b || head[2] != 8)
            throw error($"the data does not start with the gzip signature 1f 8b 08 (found {Convert.ToHexString(head)}): it is not gzip data, or 'line skip' / the header end is wrong.");

        var crc = new Crc32();
        long total;
        file.Position = start;
        try
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            total = Decompress(gzip, skip, destination, crc, "gzip", error);
        }
        catch (InvalidDataException e)
        {
            // zlib checks the CRC itself when it reaches the trailer; .NET reports that as an "unsupported compression method".
            throw error($"the gzip data is corrupt (bad deflate data, CRC32 or length): {e.Message}");
        }

        Span<byte> trailer = stackalloc byte[8];
        RandomAccess.Read(file.SafeFileHandle, trailer, file.Length - 8);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        var actualCrc = crc.GetCurrentHashAsUInt32();
        if (storedCrc != actualCrc || storedLength != (uint)total)
            throw error($"the gzip trailer (CRC32 {storedCrc:x8}, length {storedLength}) does not match the {total} decompressed bytes (CRC32 {actualCrc:x8}): " +
                        "the stream is truncated, corrupt, followed by other bytes, or made of several gzip members (not supported).");
    }

    /// <summary>
    /// Decompresses the bzip2 stream that runs from <paramref name="start"/> to the end of <paramref name="file"/>
    /// into memory chunks. bzip2 can expand a few bytes into gigabytes, so no bound on the compressed size protects
    /// the volume's allocation; the caller allocates it only after the data has proved to be there.
    /// </summary>
    public static ChunkedBytes Bunzip2(FileStream file, long start, long skip, long need, Func<string, Exception> error)
    {
        file.Position = start;
        try
        {
            // SharpZipLib checks each block's CRC and the stream's combined CRC.
            using var bzip2 = new BZip2InputStream(file) { IsStreamOwner = false };
            return ChunkedBytes.Read(bzip2, skip, need, MaxPrefixBeforeTrailingData, "bzip2", error);
        }
        catch (Exception e) when (e is SharpZipBaseException or EndOfStreamException or InvalidDataException or IndexOutOfRangeException)
        {
            throw error($"the bzip2 data is corrupt or truncated: {e.Message}");
        }
    }

    /// <summary>
    /// Copies exactly destination.Length bytes out of <paramref name="source"/> after skipping <paramref name="skip"/>
    /// bytes, then checks the stream ends; with skip -1 keeps the last destination.Length bytes instead (in a ring,
    /// so memory stays bounded). Returns the number of bytes the stream held.
    /// </summary>
    private static long Decompress(Stream source, long skip, Span<byte> destination, Crc32? crc, string what, Func<string, Exception> error)
    {
        long total = 0;
        if (skip < 0) return DecompressTail(source, destination, crc, what, error);
        if (skip > 0)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                while (total < skip)
                {
                    var n = source.Read(scratch, 0, (int)Math.Min(scratch.Length, skip - total));
                    if (n == 0) throw error($"the {what} data ends after {total} bytes, inside the {skip} bytes that 'byte skip' says to skip.");
                    crc?.Append(scratch.AsSpan(0, n));
                    total += n;
                }
            }
            finally { ArrayPool<byte>.Shared.Return(scratch); }
        }
        var filled = 0;
        while (filled < destination.Length)
        {
            var n = source.Read(destination[filled..]);
            if (n == 0)
                throw error($"too little data: the {what} data holds {total + filled} bytes, but the header needs {skip + (long)destination.Length} ({(skip > 0 ? $"{skip} skipped + " : "")}{destination.Length} for the sizes).");
            crc?.Append(destination.Slice(filled, n));
            filled += n;
        }
        total += filled;
        Span<byte> probe = stackalloc byte[1];
        if (source.Read(probe) > 0)
            throw error($"too much data: the {what} data holds more than the {skip + (long)destination.Length} bytes the header's sizes need; check 'sizes' and 'type'.");
        return total;
    }

    private static long DecompressTail(Stream source, Span<byte> destination, Crc32? crc, string what, Func<string, Exception> error)
    {
        long total = 0;
        var position = 0;
        while (true)
        {
            var n = source.Read(destination[position..]);
            if (n == 0) break;
            crc?.Append(destination.Slice(position, n));
            position += n;
            total += n;
            if (position == destination.Length) position = 0;
            if (total - destination.Length > MaxPrefixBeforeTrailingData)
                throw error($"with 'byte skip: -1' at most {MaxPrefixBeforeTrailingData >> 20} MiB may precede the data, but the {what} data is longer.");
        }
        if (total < destination.Length)
            throw error($"too little data: the {what} data holds {total} bytes, but the header's sizes need {destination.Length}.");
        if (position != 0)
        {
            // The ring's oldest byte is at `position`: rotate it to the front.
            var head = destination[..position].ToArray();
            destination[position..].CopyTo(destination);
            head.CopyTo(destination[(destination.Length - position)..]);
        }
        return total;
    }
}
