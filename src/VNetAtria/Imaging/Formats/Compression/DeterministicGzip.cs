using System.IO.Compression;

namespace VNetAtria.Imaging.Formats.Compression;

/// <summary>
/// gzip output that depends only on the input bytes and the level: zlib already writes MTIME = 0 and no file
/// name, but its OS byte depends on the platform zlib was built for, so it is set to 255 ("unknown").
/// Synthetic cohorts rely on this: the same seed must give byte-identical files on every machine
/// that runs the same .NET (zlib-ng) version.
/// </summary>
internal static class DeterministicGzip
{
    /// <summary>Compresses <paramref name="data"/> as one gzip member onto <paramref name="output"/>.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> data, int level)
    {
        using var gzip = Open(output, level);
        gzip.Write(data);
    }

    /// <summary>
    /// A stream that compresses what is written to it as one gzip member onto <paramref name="output"/> (left open);
    /// disposing it writes the trailer.
    /// </summary>
    public static Stream Open(Stream output, int level = 6) =>
        new GZipStream(new HeaderPatchingStream(output), new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: false);

    /// <summary>Passes writes through, rewriting the gzip header's MTIME (bytes 4-7) and OS (byte 9) fields.</summary>
    private sealed class HeaderPatchingStream(Stream inner) : Stream
    {
        private long _written;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written < 10)
            {
                var copy = buffer.ToArray();
                for (var i = 0; i < copy.Length && _written + i < 10; i++)
                {
                    var at = _written + i;
                    if (at is >= 4 and <= 7) copy[i] = 0;
                    else if (at == 9) copy[i] = 255;
                }
                inner.Write(copy);
            }
            else inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();

        // The gzip stream owns this wrapper (so it is flushed and released with it) but never the caller's stream.
        protected override void Dispose(bool disposing) => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
