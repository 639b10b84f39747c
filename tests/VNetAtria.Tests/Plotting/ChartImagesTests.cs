using System.IO.Compression;
using VNetAtria.Plotting;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Plotting;

public sealed class ChartImagesTests
{
    [Fact]
    public void A_histogram_renders_to_a_png_of_the_asked_size_with_bars_on_it()
    {
        if (ChartImages.FindBrowser() is null) Assert.Skip("No Chromium installed (apt-get install chromium; .ci/run installs it): chart rendering is not tested.");
        var path = Path.Combine(TestPaths.NewTempDir(), "bars.png");
        var values = Enumerable.Range(0, 4000).Select(i => (float)(i % 97 + i % 13)).ToArray();
        var chart = IntensityHistograms.Of(new VNetAtria.Imaging.Volume<float>(new VNetAtria.Imaging.Shape3(10, 20, 20), values));
        ChartImages.SavePng(chart, path, width: 400, height: 300);
        var png = PngSummary.Read(path);
        Assert.Equal(400, png.Width);
        Assert.Equal(300, png.Height);
        // Bars, axes and labels on a white page: well over 5 % of the pixels are not background.
        Assert.InRange(png.NonBackgroundFraction, 0.05, 0.9);
        Assert.True(png.DistinctColours > 10, $"only {png.DistinctColours} colours: a blank page?");
    }

    [Fact]
    public void The_png_reader_decodes_every_filter_type_against_the_pixels_written()
    {
        // A 5x4 RGB image whose rows use filters None, Sub, Up, Average and Paeth in turn (hand-encoded below).
        var rgb = new byte[4, 5 * 3];
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 15; x++) rgb[y, x] = (byte)(y * 40 + x * 7 + (x % 3) * 50);
        var path = Path.Combine(TestPaths.NewTempDir(), "filters.png");
        File.WriteAllBytes(path, EncodePng(rgb, 5, 4, filters: [0, 1, 2, 3]));
        var png = PngSummary.Read(path);
        Assert.Equal((5, 4), (png.Width, png.Height));
        var distinct = new HashSet<int>();
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 5; x++) distinct.Add((rgb[y, x * 3] << 16) | (rgb[y, x * 3 + 1] << 8) | rgb[y, x * 3 + 2]);
        Assert.Equal(distinct.Count, png.DistinctColours);
        File.WriteAllBytes(path, EncodePng(rgb, 5, 4, filters: [4, 4, 4, 4]));
        Assert.Equal(distinct.Count, PngSummary.Read(path).DistinctColours);
    }

    [Fact]
    public void A_file_that_is_not_a_png_is_refused_naming_it()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "x.png");
        File.WriteAllText(path, "<html>");
        var e = Assert.Throws<InvalidDataException>(() => PngSummary.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    // A minimal PNG encoder written from the specification: filters applied per row as asked.
    private static byte[] EncodePng(byte[,] rgb, int width, int height, int[] filters)
    {
        var stride = width * 3;
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            var f = filters[y % filters.Length];
            raw.WriteByte((byte)f);
            for (var x = 0; x < stride; x++)
            {
                int a = x >= 3 ? rgb[y, x - 3] : 0, b = y > 0 ? rgb[y - 1, x] : 0, c = x >= 3 && y > 0 ? rgb[y - 1, x - 3] : 0;
                var p = a + b - c;
                var paeth = Math.Abs(p - a) <= Math.Abs(p - b) && Math.Abs(p - a) <= Math.Abs(p - c) ? a : Math.Abs(p - b) <= Math.Abs(p - c) ? b : c;
                var predictor = f switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) / 2, _ => paeth };
                raw.WriteByte((byte)(rgb[y, x] - predictor));
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw.ToArray());
        var output = new MemoryStream();
        output.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        void Chunk(string type, byte[] data)
        {
            Span<byte> length = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            output.Write(length);
            output.Write(System.Text.Encoding.ASCII.GetBytes(type));
            output.Write(data);
            output.Write([0, 0, 0, 0]);   // CRC: not checked by the reader
        }
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; header[9] = 2;
        Chunk("IHDR", header);
        Chunk("IDAT", compressed.ToArray());
        Chunk("IEND", []);
        return output.ToArray();
    }
}
