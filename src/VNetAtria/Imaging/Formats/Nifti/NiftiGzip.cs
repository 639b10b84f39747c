using System.Buffers.Binary;
using System.IO.Compression;
using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.GZip;

namespace VNetAtria.Imaging.Formats.Nifti;

/// <summary>
/// gzip for .nii.gz. Reading uses SharpZipLib because it checks every member's CRC-32 and length and
/// reports truncation; the framework's GZipStream silently returns short or unchecked data for a file
/// cut inside or just before its trailer. Writing builds the gzip container by hand around the
/// framework's (fast, native) raw deflate so the bytes do not depend on the platform: MTIME 0, no
/// file name, OS byte 255 ("unknown") instead of the build's OS code.
/// </summary>
internal static class NiftiGzip
{
    /// <summary>
    /// Deflate cannot expand data by more than about 1032:1 (RFC 1951: a 258-byte match costs at least
    /// 2 bits); used to reject, before allocating, headers that promise more data than a compressed file
    /// of a given size can hold.
    /// </summary>
    public const long MaxExpansionRatio = 1032;

    /// <summary>A decompressing stream that throws on bad CRC, bad length or truncation; leaves <paramref name="compressed"/> open.</summary>
    public static Stream OpenRead(Stream compressed) => new GZipInputStream(compressed, 1 << 16) { IsStreamOwner = false };

    /// <summary>Starts a single-member gzip stream on <paramref name="output"/>; call <see cref="Writer.Finish"/> to end it.</summary>
    public static Writer BeginWrite(Stream output) => new(output);

    /// <summary>Writes one gzip member: fixed header, raw deflate, CRC-32 and length trailer (RFC 1952).</summary>
    internal sealed class Writer : IDisposable
    {
        private const int ChunkSize = 1 << 20;
        private readonly Stream _output;
        private readonly DeflateStream _deflate;
        private readonly Crc32 _crc = new();
        private readonly byte[] _chunk = new byte[ChunkSize];
        private long _length;
        private bool _finished;

        public Writer(Stream output)
        {
            _output = output;
            // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=255.
            output.Write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
            _deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
        }

        /// <summary>Compresses <paramref name="data"/> (copied through a 1 MiB buffer because the CRC API takes arrays).</summary>
        public void Write(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                var n = Math.Min(data.Length, ChunkSize);
                data[..n].CopyTo(_chunk);
                _crc.Update(new ArraySegment<byte>(_chunk, 0, n));
                _deflate.Write(_chunk, 0, n);
                _length += n;
                data = data[n..];
            }
        }

        /// <summary>Flushes the deflate stream and writes the trailer.</summary>
        public void Finish()
        {
            if (_finished) return;
            _finished = true;
            _deflate.Dispose();
            Span<byte> trailer = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, unchecked((uint)_crc.Value));
            BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_length));
            _output.Write(trailer);
        }

        /// <summary>Releases the deflate stream without writing a trailer when <see cref="Finish"/> was not called.</summary>
        public void Dispose()
        {
            if (!_finished) _deflate.Dispose();
        }
    }
}
