namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Decoded bytes held in chunks that grow only as data actually arrives, so a stream that lies about its size
/// costs memory in proportion to what it really holds, never to what the header claims.
/// </summary>
internal sealed class ChunkedBytes
{
    private const int FirstChunkSize = 64 << 10, MaxChunkSize = 4 << 20;
    private readonly LinkedList<(byte[] Buffer, int Count)> _chunks = new();

    /// <summary>Bytes held.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Reads exactly <paramref name="need"/> bytes after skipping <paramref name="skip"/> and checks the stream ends;
    /// with skip -1 keeps the last <paramref name="need"/> bytes of the stream (at most <paramref name="maxPrefix"/> before them).
    /// </summary>
    public static ChunkedBytes Read(Stream source, long skip, long need, long maxPrefix, string what, Func<string, Exception> error)
    {
        var result = new ChunkedBytes();
        var tail = skip < 0;
        var limit = tail ? long.MaxValue : skip + need;
        long total = 0;
        var chunkSize = FirstChunkSize;
        while (total < limit)
        {
            // Chunks double in size, so a short stream costs little and a long one few chunks.
            var size = (int)Math.Min(chunkSize, limit - total);
            chunkSize = Math.Min(2 * chunkSize, MaxChunkSize);
            var buffer = GC.AllocateUninitializedArray<byte>(size);
            var count = 0;
            while (count < size)
            {
                var n = source.Read(buffer, count, size - count);
                if (n == 0) break;
                count += n;
            }
            if (count == 0) break;
            total += count;
            result.Append(buffer, count, tail ? need : long.MaxValue, total <= skip ? count : (int)Math.Max(0, skip - (total - count)));
            if (tail && total - need > maxPrefix)
                throw error($"with 'byte skip: -1' at most {maxPrefix >> 20} MiB may precede the data, but the {what} data is longer.");
            if (count < size) break;
        }
        var expected = tail ? need : skip + need;
        if (total < expected)
            throw error($"too little data: the {what} data holds {total} bytes, but the header needs {expected}{(skip > 0 ? $" ({skip} skipped + {need} for the sizes)" : "")}.");
        if (!tail && source.ReadByte() >= 0)
            throw error($"too much data: the {what} data holds more than the {expected} bytes the header needs; check 'sizes' and 'type'.");
        return result;
    }

    /// <summary>Copies the last destination.Length bytes held into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        var toSkip = Length - destination.Length;
        var at = 0;
        foreach (var (buffer, count) in _chunks)
        {
            var span = buffer.AsSpan(0, count);
            if (toSkip >= count) { toSkip -= count; continue; }
            span = span[(int)toSkip..];
            toSkip = 0;
            span.CopyTo(destination[at..]);
            at += span.Length;
        }
    }

    // Adds a chunk without its first `leading` bytes (the part of 'byte skip' it holds), then drops whole chunks
    // from the front while the rest still holds `keep` bytes.
    private void Append(byte[] buffer, int count, long keep, int leading)
    {
        if (leading >= count) return;
        if (leading > 0)
        {
            buffer = buffer[leading..count];
            count -= leading;
        }
        _chunks.AddLast((buffer, count));
        Length += count;
        while (_chunks.First is { } first && Length - first.Value.Count >= keep)
        {
            Length -= first.Value.Count;
            _chunks.RemoveFirst();
        }
    }
}
