using System.Buffers.Binary;
using System.IO.Compression;

namespace VNetAtria.Plotting;

/// <summary>
/// What a rendered PNG shows, enough to tell a drawn chart from a blank page: its size, the number of distinct colours
/// and the fraction of pixels that differ from the corner pixel (the background). Reads the 8-bit RGB and RGBA,
/// non-interlaced PNGs browsers write; anything else is refused with a message.
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="DistinctColours">Distinct RGB colours (capped at 65,536).</param>
/// <param name="NonBackgroundFraction">Fraction of pixels whose RGB differs from the top-left pixel's.</param>
public sealed record PngSummary(int Width, int Height, int DistinctColours, double NonBackgroundFraction)
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Reads and summarises the PNG at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a PNG, or a kind this reader does not decode.</exception>
    public static PngSummary Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException($"{path} is not a PNG file (the 8-byte signature is missing).");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at + 12 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            if (length < 0 || at + 12 + length > bytes.Length) throw new InvalidDataException($"{path}: chunk {type} runs past the end of the file.");
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var (depth, colour, interlace) = (data[8], data[9], data[12]);
                channels = colour switch { 2 => 3, 6 => 4, _ => 0 };
                if (depth != 8 || channels == 0 || interlace != 0)
                    throw new InvalidDataException($"{path}: bit depth {depth}, colour type {colour}, interlace {interlace}; only non-interlaced 8-bit RGB (2) and RGBA (6) are read.");
            }
            else if (type == "IDAT") idat.Write(data);
            else if (type == "IEND") break;
            at += 12 + length;
        }
        if (width <= 0 || height <= 0) throw new InvalidDataException($"{path}: no IHDR chunk with a positive size.");
        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[(long)(stride + 1) * height];
        inflate.ReadExactly(raw);
        var pixels = Unfilter(raw, width, height, channels, path);

        var colours = new HashSet<int>();
        long differing = 0;
        var background = (pixels[0] << 16) | (pixels[1] << 8) | pixels[2];
        for (var i = 0; i < pixels.Length; i += channels)
        {
            var rgb = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
            if (colours.Count < 65536) colours.Add(rgb);
            if (rgb != background) differing++;
        }
        return new PngSummary(width, height, colours.Count, differing / (double)(width * (long)height));
    }

    /// <summary>Undoes the per-row filters (PNG spec section 9: None, Sub, Up, Average, Paeth).</summary>
    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp, string path)
    {
        var stride = width * bpp;
        var output = new byte[(long)stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[(long)y * (stride + 1)];
            var src = (long)y * (stride + 1) + 1;
            var row = (long)y * stride;
            var prev = row - stride;
            for (var x = 0; x < stride; x++)
            {
                var a = x >= bpp ? output[row + x - bpp] : 0;
                var b = y > 0 ? output[prev + x] : 0;
                var c = x >= bpp && y > 0 ? output[prev + x - bpp] : 0;
                int value = raw[src + x];
                value += filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{path}: row {y} has unknown filter type {filter}."),
                };
                output[row + x] = (byte)value;
            }
        }
        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
