using System.Numerics;
using System.Runtime.InteropServices;

namespace VNetAtria.Imaging.Formats.Nrrd;

/// <summary>
/// Reads a header's data into a new volume. Every data file is first checked against the bytes the sizes need
/// (exactly for raw, hex and ascii; against deflate's largest ratio for gzip), and only then is the voxel array
/// allocated, so a header that claims more data than exists fails fast without a huge allocation.
/// </summary>
internal static class NrrdDataReader
{
    private sealed record Part(string Path, long Start, long FileLength);

    public static IVolume Read(NrrdHeader h, Shape3 shape, VolumeGeometry geometry, NrrdReadOptions options) => h.Type switch
    {
        VoxelType.UInt8 => Read<byte>(h, shape, geometry, options),
        VoxelType.Int8 => Read<sbyte>(h, shape, geometry, options),
        VoxelType.UInt16 => Read<ushort>(h, shape, geometry, options),
        VoxelType.Int16 => Read<short>(h, shape, geometry, options),
        VoxelType.UInt32 => Read<uint>(h, shape, geometry, options),
        VoxelType.Int32 => Read<int>(h, shape, geometry, options),
        VoxelType.UInt64 => Read<ulong>(h, shape, geometry, options),
        VoxelType.Int64 => Read<long>(h, shape, geometry, options),
        VoxelType.Float32 => Read<float>(h, shape, geometry, options),
        VoxelType.Float64 => Read<double>(h, shape, geometry, options),
        _ => throw new ArgumentOutOfRangeException(nameof(h), h.Type, "unknown voxel type"),
    };

    private static Volume<T> Read<T>(NrrdHeader h, Shape3 shape, VolumeGeometry geometry, NrrdReadOptions options)
        where T : unmanaged, INumber<T>
    {
        var size = h.Type.SizeOf();
        var count = h.SampleCount;
        if (count > Array.MaxLength / size)
            throw new VolumeFormatException(h.FilePath, NrrdFieldNames.Sizes,
                $"{string.Join(" ", h.Sizes)} makes {count} voxels of {size} byte(s): more than the {Array.MaxLength} bytes one volume can hold here.");
        var parts = Plan(h, options);
        var perPart = count / parts.Count;
        foreach (var p in parts) Precheck(h, p, perPart * size);
        // bzip2 has no useful bound on its expansion: decode it before allocating (see ChunkedBytes).
        var decoded = h.Encoding == NrrdEncoding.Bzip2 ? parts.Select(p => Bunzip2(h, p, perPart * size)).ToArray() : null;

        var data = GC.AllocateUninitializedArray<T>((int)count);
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        for (var i = 0; i < parts.Count; i++)
        {
            var slice = (int)(perPart * i);
            var partBytes = bytes.Slice(slice * size, (int)perPart * size);
            if (decoded is not null) decoded[i].CopyTo(partBytes);
            else Decode(h, parts[i], partBytes, data.AsSpan(slice, (int)perPart));
        }
        if (h.Encoding != NrrdEncoding.Ascii && (h.Endian is { } endian && (endian == NrrdEndian.Little) != BitConverter.IsLittleEndian)) ByteOrder.Reverse(bytes, size);
        return new Volume<T>(shape, data, geometry, h.KeyValues);
    }

    private static List<Part> Plan(NrrdHeader h, NrrdReadOptions options)
    {
        var parts = new List<Part>();
        if (h.DataFiles is null)
        {
            parts.Add(Locate(h, h.FilePath, h.DataOffset));
            return parts;
        }
        foreach (var name in h.DataFiles) parts.Add(Locate(h, NrrdDataFilePaths.Resolve(h.FilePath, name, options), 0));
        return parts;
    }

    /// <summary>Where a file's data starts after 'line skip' lines.</summary>
    private static Part Locate(NrrdHeader h, string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        file.Position = offset;
        for (long line = 0; line < h.LineSkip; line++)
        {
            int b;
            while ((b = file.ReadByte()) >= 0 && b != '\n') { }
            if (b < 0)
                throw Fail(h, path, NrrdFieldNames.LineSkip, $"the data file has only {line} line(s) after the header, but 'line skip' is {h.LineSkip}.");
        }
        return new Part(path, file.Position, file.Length);
    }

    private static void Precheck(NrrdHeader h, Part p, long need)
    {
        var available = p.FileLength - p.Start;
        var skip = Math.Max(h.ByteSkip, 0);
        switch (h.Encoding)
        {
            case NrrdEncoding.Raw when h.ByteSkip == -1:
                if (available < need)
                    throw Fail(h, p.Path, NrrdFieldNames.Sizes, $"too little data: {available} bytes after the header, but the sizes need {need}.");
                break;
            case NrrdEncoding.Raw:
                if (available - skip < need)
                    throw Fail(h, p.Path, NrrdFieldNames.Sizes, $"too little data: {Math.Max(0, available - skip)} bytes{(skip > 0 ? $" after skipping {skip}" : "")}, but the sizes need {need}.");
                if (available - skip > need)
                    throw Fail(h, p.Path, NrrdFieldNames.Sizes, $"too much data: {available - skip} bytes{(skip > 0 ? $" after skipping {skip}" : "")}, but the sizes need {need}; " +
                        $"check 'sizes' and 'type', or use 'byte skip: -1' if the data is at the end of the file.");
                break;
            case NrrdEncoding.Gzip:
                if (available * CompressedData.MaxDeflateRatio < need + skip)
                    throw Fail(h, p.Path, NrrdFieldNames.Sizes, $"too little data: {available} gzip bytes cannot hold the {need + skip} bytes the header needs (deflate expands at most {CompressedData.MaxDeflateRatio}:1).");
                break;
            case NrrdEncoding.Hex:
                if (available - skip < 2 * need)
                    throw Fail(h, p.Path, NrrdFieldNames.Sizes, $"too little data: {Math.Max(0, available - skip)} characters cannot hold the {2 * need} hex digits the sizes need.");
                break;
            case NrrdEncoding.Ascii:
                // Each value takes at least one character and one separator.
                if (available - skip + 1 < 2 * (need / h.Type.SizeOf()))
                    throw Fail(h, p.Path, NrrdFieldNames.Sizes, $"too little data: {Math.Max(0, available - skip)} characters cannot hold the {need / h.Type.SizeOf()} values the sizes need.");
                break;
        }
        if (h.Encoding is NrrdEncoding.Ascii or NrrdEncoding.Hex && available - skip > Array.MaxLength)
            throw Fail(h, p.Path, NrrdFieldNames.Encoding, $"the text data is {available - skip} bytes long, more than can be read at once.");
    }

    private static void Decode<T>(NrrdHeader h, Part p, Span<byte> bytes, Span<T> values) where T : unmanaged, INumber<T>
    {
        Exception Error(string message) => Fail(h, p.Path, NrrdFieldNames.Encoding, message);
        using var file = new FileStream(p.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var skip = h.ByteSkip;
        switch (h.Encoding)
        {
            case NrrdEncoding.Raw:
                ReadExactly(file, skip == -1 ? p.FileLength - bytes.Length : p.Start + skip, bytes);
                break;
            case NrrdEncoding.Gzip:
                CompressedData.Gunzip(file, p.Start, skip, bytes, Error);
                break;
            case NrrdEncoding.Hex:
            case NrrdEncoding.Ascii:
                var text = new byte[p.FileLength - p.Start - skip];
                ReadExactly(file, p.Start + skip, text);
                if (h.Encoding == NrrdEncoding.Hex) TextData.DecodeHex(text, bytes, Error);
                else TextData.DecodeAscii(text, values, Error);
                break;
        }
    }

    private static ChunkedBytes Bunzip2(NrrdHeader h, Part p, long need)
    {
        using var file = new FileStream(p.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return CompressedData.Bunzip2(file, p.Start, h.ByteSkip, need, m => Fail(h, p.Path, NrrdFieldNames.Encoding, m));
    }

    private static void ReadExactly(FileStream file, long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(file.SafeFileHandle, destination, offset);
            if (n == 0) throw new EndOfStreamException($"{file.Name}: ended early (was it changed while being read?).");
            destination = destination[n..];
            offset += n;
        }
    }

    private static VolumeFormatException Fail(NrrdHeader h, string dataPath, string field, string message) =>
        new(h.FilePath, field, dataPath == h.FilePath ? message : $"data file '{dataPath}': {message}");
}
