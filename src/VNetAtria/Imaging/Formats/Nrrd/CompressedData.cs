using System.Buffers;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.BZip2;
using VNetAtria.Imaging.Formats.Compression;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Decompresses gzip and bzip2 data straight into the volume's memory with a hard bound: exactly the bytes the
/// header's sizes need are accepted; less or more is an error, and nothing is allocated in proportion to what the
/// compressed stream claims. gzip goes through <see cref="ValidatingGzipStream"/>, which checks the trailer's CRC32
/// and length against the decompressed bytes.
/// </summary>
internal static class CompressedData
{
    /// <summary>Deflate's largest possible expansion (see <see cref="ValidatingGzipStream.MaxExpansionRatio"/>).</summary>
    public const long MaxDeflateRatio = ValidatingGzipStream.MaxExpansionRatio;

    /// <summary>With byte skip -1 on compressed data, at most this many bytes may precede the volume's data.</summary>
    public const long MaxPrefixBeforeTrailingData = 64L << 20;

    /// <summary>Decompresses the gzip stream that runs from <paramref name="start"/> to the end of <paramref name="file"/>.</summary>
    public static void Gunzip(FileStream file, long start, long skip, Span<byte> destination, Func<string, Exception> error)
    {
        try
        {
            using var gzip = new ValidatingGzipStream(file, start);
            Decompress(gzip, skip, destination, "gzip", error);
            gzip.CheckTrailer();
        }
        catch (InvalidDataException e)
        {
            throw error(e.Message);
        }
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
    private static long Decompress(Stream source, long skip, Span<byte> destination, string what, Func<string, Exception> error)
    {
        long total = 0;
        if (skip < 0) return DecompressTail(source, destination, what, error);
        if (skip > 0)
        {
            var scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                while (total < skip)
                {
                    var n = source.Read(scratch, 0, (int)Math.Min(scratch.Length, skip - total));
                    if (n == 0) throw error($"the {what} data ends after {total} bytes, inside the {skip} bytes that 'byte skip' says to skip.");
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
            filled += n;
        }
        total += filled;
        Span<byte> probe = stackalloc byte[1];
        if (source.Read(probe) > 0)
            throw error($"too much data: the {what} data holds more than the {skip + (long)destination.Length} bytes the header's sizes need; check 'sizes' and 'type'.");
        return total;
    }

    private static long DecompressTail(Stream source, Span<byte> destination, string what, Func<string, Exception> error)
    {
        long total = 0;
        var position = 0;
        while (true)
        {
            var n = source.Read(destination[position..]);
            if (n == 0) break;
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
