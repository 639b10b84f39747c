using System.Buffers;
using VNetAtria.Imaging;
using VNetAtria.Synthetic.Shapes;

namespace VNetAtria.Synthetic;

/// <summary>
/// Turns <see cref="PhantomParameters"/> into the image and label voxels. Slices are rendered independently in
/// parallel; each voxel's value depends only on the parameters and its own index (the noise is a counter-based hash
/// of the voxel index), so the result is the same whatever the thread count or scheduling.
/// Per slice: tissues painted in order inside their bounding boxes only, then texture, bias, Rician noise, gain and
/// rounding to 0-255.
/// </summary>
internal static class PhantomRenderer
{
    private readonly record struct VoxelBox(int D0, int D1, int H0, int H1, int W0, int W1)
    {
        public bool HasSlice(int d) => d >= D0 && d < D1 && H1 > H0 && W1 > W0;
    }

    /// <summary>Renders (image, label) arrays in C order (D, H, W) on up to <paramref name="maxThreads"/> threads (-1: as many as the runtime likes).</summary>
    public static (byte[] Image, byte[] Label) Render(PhantomParameters p, int maxThreads = -1)
    {
        var shape = p.Shape;
        var image = new byte[shape.VoxelCount];
        var label = new byte[shape.VoxelCount];
        var layerBoxes = p.Layers.Select(l => ToVoxelBox(p, p.FrameOf(l), l.Shape.Bounds.Expand(l.ShellThickness + 2 * p.EdgeWidth))).ToArray();
        var atriumBox = ToVoxelBox(p, p.Heart, p.Atrium.Bounds.Expand(p.WallThickness + 2 * p.EdgeWidth + p.Atrium.Smoothing));
        Parallel.For(0, shape.Depth, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, d => RenderSlice(p, d, layerBoxes, atriumBox, image, label));
        return (image, label);
    }

    private static void RenderSlice(PhantomParameters p, int d, VoxelBox[] layerBoxes, VoxelBox atriumBox, byte[] image, byte[] label)
    {
        int height = p.Shape.Height, width = p.Shape.Width, n = height * width;
        var signal = ArrayPool<double>.Shared.Rent(n);
        var texture = ArrayPool<double>.Shared.Rent(n);
        try
        {
            Array.Clear(signal, 0, n);
            for (var i = 0; i < p.Layers.Count; i++)
                if (layerBoxes[i].HasSlice(d)) PaintLayer(p, p.Layers[i], layerBoxes[i], d, signal);
            if (atriumBox.HasSlice(d)) PaintAtrium(p, atriumBox, d, signal, label);
            p.Texture.FillSlice(d, height, width, texture);
            Finish(p, d, signal, texture, image);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(signal);
            ArrayPool<double>.Shared.Return(texture);
        }
    }

    /// <summary>The local point of voxel (d, h, 0) in <paramref name="frame"/> and the local step per voxel along W.</summary>
    private static void RowStart(PhantomParameters p, AnatomyFrame frame, int d, int h, out double x, out double y, out double z, out double sx, out double sy, out double sz)
    {
        var a = frame.ToLocal(p.Geometry.WorldOf(d, h, 0));
        (x, y, z) = (a.X, a.Y, a.Z);
        var step = frame.StepAlongW(p.Geometry.Spacing.W);
        (sx, sy, sz) = (step.X, step.Y, step.Z);
    }

    /// <summary>The voxel range [a, b) of a continuous w-range, clipped to [lo, hi).</summary>
    private static (int A, int B) Clip(double from, double to, int lo, int hi)
    {
        var a = from <= lo ? lo : from >= hi ? hi : (int)Math.Ceiling(from);
        var b = to >= hi ? hi : to < lo ? lo : (int)Math.Floor(to) + 1;
        return (a, Math.Max(a, b));
    }

    private static void PaintLayer(PhantomParameters p, Layer layer, VoxelBox box, int d, double[] signal)
    {
        var shape = layer.Shape;
        var frame = p.FrameOf(layer);
        var invEdge = 1 / p.EdgeWidth;
        var shell = layer.ShellThickness;
        var width = p.Shape.Width;
        // Outside the outer range nothing is painted; inside the inner range the voxel is fully interior.
        var outerMargin = shell + 0.5 * p.EdgeWidth + 1e-9;
        var innerMargin = 0.5 * p.EdgeWidth + 1e-9;
        for (var h = box.H0; h < box.H1; h++)
        {
            RowStart(p, frame, d, h, out var x0, out var y0, out var z0, out var sx, out var sy, out var sz);
            if (!shape.OuterRange(x0, y0, z0, sx, sy, sz, outerMargin, out var lo, out var hi)) continue;
            var (wa, wb) = Clip(lo, hi, box.W0, box.W1);
            if (wa >= wb) continue;
            var (ia, ib) = shape.InnerRange(x0, y0, z0, sx, sy, sz, innerMargin, out var ilo, out var ihi) ? Clip(ilo, ihi, wa, wb) : (wb, wb);
            if (ia >= ib) (ia, ib) = (wb, wb);
            var row = h * width;
            for (var w = wa; w < wb; w++)
            {
                if (w == ia)
                {
                    if (layer.IsUniform) signal.AsSpan(row + ia, ib - ia).Fill(layer.Inside);
                    else
                        for (var i = ia; i < ib; i++) signal[row + i] = layer.InsideAt(x0 + i * sx, y0 + i * sy, z0 + i * sz);
                    w = ib - 1;
                    continue;
                }
                double x = x0 + w * sx, y = y0 + w * sy, z = z0 + w * sz;
                var sd = shape.Distance(x, y, z);
                var outer = Math.Clamp(0.5 - (sd - shell) * invEdge, 0, 1);
                if (outer <= 0) continue;
                var v = signal[row + w];
                if (shell > 0)
                {
                    v += outer * (layer.ShellValue - v);
                    var inner = Math.Clamp(0.5 - sd * invEdge, 0, 1);
                    if (inner > 0) v += inner * (layer.InsideAt(x, y, z) - v);
                }
                else
                {
                    v += outer * (layer.InsideAt(x, y, z) - v);
                }
                signal[row + w] = v;
            }
        }
    }

    private static void PaintAtrium(PhantomParameters p, VoxelBox box, int d, double[] signal, byte[] label)
    {
        var atrium = p.Atrium;
        var invEdge = 1 / p.EdgeWidth;
        var wall = p.WallThickness;
        var width = p.Shape.Width;
        var sliceOffset = (long)d * p.Shape.Height * width;
        double t0 = p.EnhancementThreshold - 0.06, t1 = p.EnhancementThreshold + 0.06;
        var outerMargin = wall + 0.5 * p.EdgeWidth + atrium.Smoothing + 1e-9;
        var innerMargin = 0.5 * p.EdgeWidth + 1e-9;
        Span<double> lo = stackalloc double[atrium.PartCount];
        Span<double> hi = stackalloc double[atrium.PartCount];
        for (var h = box.H0; h < box.H1; h++)
        {
            RowStart(p, p.Heart, d, h, out var x0, out var y0, out var z0, out var sx, out var sy, out var sz);
            atrium.RowRanges(x0, y0, z0, sx, sy, sz, outerMargin, lo, hi);
            var any = atrium.Body.OuterRange(x0, y0, z0, sx, sy, sz, outerMargin, out var from, out var to);
            if (!any) (from, to) = (double.PositiveInfinity, double.NegativeInfinity);
            for (var j = 0; j < lo.Length; j++)
                if (lo[j] <= hi[j]) (from, to) = (Math.Min(from, lo[j]), Math.Max(to, hi[j]));
            if (from > to) continue;
            var (wa, wb) = Clip(from, to, box.W0, box.W1);
            // Deep inside the body the voxel is blood and labelled whatever the other pieces do (smooth min <= body).
            var (ia, ib) = atrium.Body.InnerRange(x0, y0, z0, sx, sy, sz, innerMargin, out var ilo, out var ihi) ? Clip(ilo, ihi, wa, wb) : (wb, wb);
            var row = h * width;
            for (var w = wa; w < wb; w++)
            {
                if (w >= ia && w < ib)
                {
                    signal[row + w] = p.Blood;
                    label[sliceOffset + row + w] = 255;
                    continue;
                }
                atrium.Distances(x0 + w * sx, y0 + w * sy, z0 + w * sz, w, lo, hi, out var sd, out var sdLabel);
                if (sdLabel <= 0) label[sliceOffset + row + w] = 255;
                var outer = Math.Clamp(0.5 - (sd - wall) * invEdge, 0, 1);
                if (outer <= 0) continue;
                var inner = Math.Clamp(0.5 - sd * invEdge, 0, 1);
                var v = signal[row + w];
                if (inner < 1)
                {
                    // Patchy late enhancement: mildly bright everywhere, strongly bright where the field is high.
                    var e = DeterministicMath.SmoothStep(t0, t1, p.EnhancementField.Sample(d, h, w));
                    v += outer * (p.Wall + e * (p.EnhancedWall - p.Wall) - v);
                }
                v += inner * (p.Blood - v);
                signal[row + w] = v;
            }
        }
    }

    private static void Finish(PhantomParameters p, int d, double[] signal, double[] texture, byte[] image)
    {
        int height = p.Shape.Height, width = p.Shape.Width;
        var c = p.Bias;
        var zn = Normalised(d, p.Shape.Depth);
        var sliceOffset = (long)d * height * width;
        double sigma = p.NoiseSigma, gain = p.Gain, tex = 2 * p.TextureStrength;
        // Irwin-Hall of four bytes: mean 510, standard deviation sqrt(4 * (256^2 - 1) / 12).
        const double invStd4 = 1 / 147.8005412619;
        var noiseScale = sigma * invStd4;
        var wScale = width > 1 ? 2.0 / (width - 1) : 0;
        for (var h = 0; h < height; h++)
        {
            var yn = Normalised(h, height);
            // The bias polynomial restricted to this row is quadratic in xn: b0 + b1 xn + b2 xn^2.
            var b0 = 1 + c[1] * yn + c[2] * zn + c[4] * yn * yn + c[5] * zn * zn + c[8] * yn * zn;
            var b1 = c[0] + c[6] * yn + c[7] * zn;
            var b2 = c[3];
            var row = h * width;
            for (var w = 0; w < width; w++)
            {
                var xn = w * wScale - 1;
                var bias = Math.Max(b0 + (b1 + b2 * xn) * xn, 0.05);
                var s = signal[row + w] * (1 + tex * (texture[row + w] - 0.5)) * bias;
                var i = sliceOffset + row + w;
                var bits = PhantomRandom.Mix(p.NoiseKey + (ulong)i * 0x9E3779B97F4A7C15UL);
                var lowBits = (uint)bits;
                var highBits = (uint)(bits >> 32);
                var n1 = (int)((lowBits & 0xFF) + ((lowBits >> 8) & 0xFF) + ((lowBits >> 16) & 0xFF) + (lowBits >> 24)) - 510;
                var n2 = (int)((highBits & 0xFF) + ((highBits >> 8) & 0xFF) + ((highBits >> 16) & 0xFF) + (highBits >> 24)) - 510;
                double re = s + noiseScale * n1, im = noiseScale * n2;
                var g = Math.Sqrt(re * re + im * im) * gain + 0.5;
                image[i] = g >= 255 ? (byte)255 : (byte)g;
            }
        }
    }

    private static double Normalised(int i, int n) => n > 1 ? 2.0 * i / (n - 1) - 1 : 0;

    /// <summary>The volume's extent (voxel corners plus a margin) as a box in a local frame.</summary>
    private static Aabb VolumeIn(PhantomParameters p, AnatomyFrame frame)
    {
        var s = p.Shape;
        Aabb? box = null;
        foreach (var d in new[] { -1.0, s.Depth })
            foreach (var h in new[] { -1.0, s.Height })
                foreach (var w in new[] { -1.0, s.Width })
                {
                    var a = frame.ToLocal(p.Geometry.WorldOf(d, h, w));
                    var b = new Aabb(a, a);
                    box = box is null ? b : box.Value.Union(b);
                }
        return box!.Value;
    }

    /// <summary>The voxel index box (clamped to the volume) holding a box of a local frame.</summary>
    private static VoxelBox ToVoxelBox(PhantomParameters p, AnatomyFrame frame, Aabb local)
    {
        // Unbounded columns first meet the volume's own extent, so that their corners stay finite.
        var box = local.Intersect(VolumeIn(p, frame));
        if (box.IsEmpty) return default;
        double d0 = double.MaxValue, d1 = double.MinValue, h0 = double.MaxValue, h1 = double.MinValue, w0 = double.MaxValue, w1 = double.MinValue;
        foreach (var x in new[] { box.Min.X, box.Max.X })
            foreach (var y in new[] { box.Min.Y, box.Max.Y })
                foreach (var z in new[] { box.Min.Z, box.Max.Z })
                {
                    var (d, h, w) = p.ToVoxel(frame, new Vector3d(x, y, z));
                    (d0, d1) = (Math.Min(d0, d), Math.Max(d1, d));
                    (h0, h1) = (Math.Min(h0, h), Math.Max(h1, h));
                    (w0, w1) = (Math.Min(w0, w), Math.Max(w1, w));
                }
        static int Lo(double v, int n) => (int)Math.Clamp(Math.Floor(v), 0, n);
        static int Hi(double v, int n) => (int)Math.Clamp(Math.Ceiling(v) + 1, 0, n);
        var s = p.Shape;
        return new VoxelBox(Lo(d0, s.Depth), Hi(d1, s.Depth), Lo(h0, s.Height), Hi(h1, s.Height), Lo(w0, s.Width), Hi(w1, s.Width));
    }
}
