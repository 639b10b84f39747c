using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace VNetAtria.Imaging.Formats.Compression;

/// <summary>
/// Reads one gzip member that runs from a start offset to the end of a file, and checks it completely: the gzip
/// signature first, then (<see cref="CheckTrailer"/>) the trailer's CRC32 and length against the bytes actually produced.
/// System.IO.Compression alone accepts a stream cut off before or inside its trailer, or followed by junk, without a
/// word; zlib's own CRC check only runs when the trailer is there. Problems are <see cref="InvalidDataException"/>s
/// whose message says what is wrong; callers add the file and field.
/// </summary>
internal sealed class ValidatingGzipStream : Stream
{
    /// <summary>
    /// Deflate's largest possible expansion (a 258-byte match costs at least 2 bits, so about 1032:1): fewer compressed
    /// bytes than need/1032 cannot hold the data, which lets a lying header fail before any large allocation.
    /// </summary>
    public const long MaxExpansionRatio = 1032;

    private const int MinimumLength = 18; // 10-byte header + shortest deflate block + 8-byte trailer, rounded down

    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private readonly bool _checkAtEnd;
    private long _produced;
    private bool _trailerChecked;

    /// <summary>
    /// Opens the gzip member at <paramref name="start"/> of <paramref name="file"/> (left open). With
    /// <paramref name="checkAtEnd"/>, the trailer is checked as soon as the data ends (a truncated file then fails with
    /// a gzip error wherever the reader is); without it the caller calls <see cref="CheckTrailer"/> after reporting
    /// too little or too much data in its own terms.
    /// </summary>
    public ValidatingGzipStream(FileStream file, long start, bool checkAtEnd = false)
    {
        _checkAtEnd = checkAtEnd;
        _file = file;
        var length = file.Length - start;
        if (length < MinimumLength)
            throw new InvalidDataException($"the gzip data is only {length} bytes long: a gzip stream has a 10-byte header and an 8-byte trailer, so it is truncated or missing.");
        Span<byte> head = stackalloc byte[3];
        RandomAccess.Read(file.SafeFileHandle, head, start);
        if (head[0] != 0x1f || head[1] != 0x8b || head[2] != 8)
            throw new InvalidDataException($"the data does not start with the gzip signature 1f 8b 08 (found {Convert.ToHexString(head)}): it is not gzip data, or the header's end is wrong.");
        file.Position = start;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        CompressedLength = length;
    }

    /// <summary>Bytes of compressed data (from the start offset to the end of the file).</summary>
    public long CompressedLength { get; }

    /// <summary>Decompressed bytes produced so far.</summary>
    public long Produced => _produced;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            // zlib checks the CRC itself when it reaches the trailer; .NET reports that as an "unsupported compression method".
            throw new InvalidDataException($"the gzip data is corrupt (bad deflate data, crc or length): {e.Message}", e);
        }
        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _produced += n;
        }
        else if (buffer.Length > 0 && _checkAtEnd) CheckTrailer();
        return n;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads to the end of the data, then checks the trailer; returns how many bytes were left.</summary>
    public long DrainAndCheck()
    {
        var scratch = new byte[1 << 16];
        long extra = 0;
        int n;
        while ((n = Read(scratch)) > 0) extra += n;
        CheckTrailer();
        return extra;
    }

    /// <summary>
    /// Checks the trailer's CRC32 and length against everything read so far; call once the data has ended (callers
    /// first report too little or too much data in their own terms, which says more than a CRC mismatch).
    /// </summary>
    public void CheckTrailer()
    {
        if (_trailerChecked) return;
        _trailerChecked = true;
        Span<byte> trailer = stackalloc byte[8];
        RandomAccess.Read(_file.SafeFileHandle, trailer, _file.Length - 8);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        var actualCrc = _crc.GetCurrentHashAsUInt32();
        if (storedCrc != actualCrc || storedLength != (uint)_produced)
            throw new InvalidDataException(
                $"the gzip stream is truncated or corrupt (crc/length check failed): the trailer (CRC32 {storedCrc:x8}, length {storedLength}) does not match the {_produced} decompressed bytes (CRC32 {actualCrc:x8}): " +
                "it was cut short, damaged, followed by other bytes, or made of several gzip members (not supported).");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => _produced; set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
