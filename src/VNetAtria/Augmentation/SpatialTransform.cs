using TorchSharp;
using VNetAtria.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VNetAtria.Augmentation;

/// <summary>
/// Rotation, translation and elastic deformation composed into one sampling grid and applied in a single resampling
/// (TorchIO's advice: resample once), image and label alike, label nearest, zero fill outside the input.
/// In voxel coordinates the output at p takes the input at q(p) = M (p - t - c) + c + u(p): the elastic deformation
/// first, then the rotation M about the centre c (see <see cref="RotationParameters"/>), then the translation t, with
/// the elastic displacement u evaluated at the output position (for a constant u exactly the sequence elastic,
/// rotation, translation; for a random field a field of the same law). Missing parts are the identity.
/// </summary>
/// <param name="Rotation">The rotation, or null.</param>
/// <param name="Translation">The translation, or null.</param>
/// <param name="Elastic">The elastic field, or null.</param>
public sealed record SpatialTransform(RotationParameters? Rotation = null, TranslationParameters? Translation = null, ElasticParameters? Elastic = null)
{
    /// <summary>True when the transform moves nothing.</summary>
    public bool IsIdentity => (Rotation?.IsIdentity ?? true) && (Translation?.IsZero ?? true) && (Elastic?.IsIdentity ?? true);

    /// <summary>True when the transform is a whole-voxel shift (possibly zero): exact by slice copy.</summary>
    public bool IsIntegerShift => (Rotation?.IsIdentity ?? true) && (Translation?.IsInteger ?? true) && (Elastic?.IsIdentity ?? true);

    /// <summary>True when the transform only moves voxels within their D slice (no elastic, rotation in H-W, no D shift).</summary>
    public bool IsInPlane =>
        (Elastic?.IsIdentity ?? true)
        && (Translation?.D ?? 0) == 0
        && (Rotation is null || Rotation.IsIdentity || (Math.Min(Rotation.AxisA, Rotation.AxisB) == 1 && Math.Max(Rotation.AxisA, Rotation.AxisB) == 2));

    /// <summary>The path <see cref="ResamplePath.Auto"/> resolves to for this transform on <paramref name="device"/>.</summary>
    public ResamplePath ChoosePath(Device device)
    {
        if (IsIntegerShift) return ResamplePath.Shift;
        if (device.type != DeviceType.CPU) return ResamplePath.Volume3D;
        return IsInPlane ? ResamplePath.PerSlice2D : ResamplePath.ChunkedVolume3D;
    }

    /// <summary>
    /// The transformed sample. The identity returns the input tensors themselves; every other path returns new tensors.
    /// <paramref name="path"/> forces a path (tests, benchmarks); a path that cannot express the transform throws.
    /// </summary>
    public AugmentationSample Apply(AugmentationSample sample, ImageInterpolation interpolation = ImageInterpolation.Nearest, ResamplePath path = ResamplePath.Auto)
    {
        sample.Validated();
        Rotation?.Validated();
        Translation?.Validated();
        Elastic?.Validated();
        if (path == ResamplePath.Auto)
        {
            if (IsIdentity) return sample;
            path = ChoosePath(sample.Image.device);
        }
        using var scope = NewDisposeScope();
        var result = path switch
        {
            ResamplePath.Shift => ApplyShift(sample),
            ResamplePath.PerSlice2D => ApplyPerSlice(sample, interpolation),
            ResamplePath.Volume3D => ApplyVolume(sample, interpolation, chunks: 1),
            ResamplePath.ChunkedVolume3D => ApplyVolume(sample, interpolation, Chunks(sample.Image.shape[2])),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, null),
        };
        return new AugmentationSample(result.Image.MoveToOuterDisposeScope(), result.Label.MoveToOuterDisposeScope());
    }

    private AugmentationSample ApplyShift(AugmentationSample sample)
    {
        if (!IsIntegerShift)
            throw new InvalidOperationException($"The {ResamplePath.Shift} path needs a whole-voxel translation only; this transform is {this}.");
        var t = Translation ?? new TranslationParameters(0, 0, 0);
        return new AugmentationSample(Shift(sample.Image, t), Shift(sample.Label, t));
    }

    /// <summary>out[p] = in[p - t] with zero fill, by one slice copy.</summary>
    private static Tensor Shift(Tensor input, TranslationParameters t)
    {
        var output = zeros_like(input);
        var src = new TensorIndex[5];
        var dst = new TensorIndex[5];
        src[0] = src[1] = dst[0] = dst[1] = TensorIndex.Colon;
        for (var axis = 0; axis < 3; axis++)
        {
            var size = input.shape[2 + axis];
            var s = (long)t[axis];
            if (Math.Abs(s) >= size) return output;
            src[2 + axis] = s >= 0 ? TensorIndex.Slice(0, size - s) : TensorIndex.Slice(-s, size);
            dst[2 + axis] = s >= 0 ? TensorIndex.Slice(s, size) : TensorIndex.Slice(0, size + s);
        }
        output[dst].copy_(input[src]);
        return output;
    }

    private AugmentationSample ApplyPerSlice(AugmentationSample sample, ImageInterpolation interpolation)
    {
        if (!IsInPlane)
            throw new InvalidOperationException($"The {ResamplePath.PerSlice2D} path needs an in-plane (H-W) transform without elastic or depth shift; this transform is {this}.");
        var shape = sample.Image.shape;
        var (depth, height, width) = (shape[2], shape[3], shape[4]);
        var a = NormalisedAffine(shape);
        // Rows/columns 1 and 2 of the 3-D map (H and W) are the whole in-plane map: grid channels (x = W, y = H).
        var grid = PlaneGrid(a, height, width, sample.Image.device).expand(depth, height, width, 2);
        Tensor Sample(Tensor x, GridSampleMode mode)
        {
            var slices = x[0].permute(1, 0, 2, 3); // (D, C, H, W): the slices as a batch of 2-D images
            var o = F.grid_sample(slices, grid, mode, GridSamplePaddingMode.Zeros, align_corners: true);
            return o.permute(1, 0, 2, 3).unsqueeze(0).contiguous();
        }
        return SampleBoth(sample, interpolation, Sample);
    }

    private AugmentationSample ApplyVolume(AugmentationSample sample, ImageInterpolation interpolation, long chunks)
    {
        var shape = sample.Image.shape;
        var (depth, height, width) = (shape[2], shape[3], shape[4]);
        var grid = VolumeGrid(shape, sample.Image.device);
        // Reshaped once for both calls (a copy when the grid is a permuted view).
        var chunkGrid = chunks <= 1 ? grid : grid.reshape(chunks, depth / chunks, height, width, 3);
        Tensor Sample(Tensor x, GridSampleMode mode)
        {
            if (chunks <= 1) return F.grid_sample(x, grid, mode, GridSamplePaddingMode.Zeros, align_corners: true);
            // Each chunk samples its slab of output depths from the whole input; expand makes a view, not copies.
            var channels = x.shape[1];
            var batch = x.expand(chunks, channels, depth, height, width);
            var o = F.grid_sample(batch, chunkGrid, mode, GridSamplePaddingMode.Zeros, align_corners: true);
            return o.permute(1, 0, 2, 3, 4).reshape(1, channels, depth, height, width);
        }
        return SampleBoth(sample, interpolation, Sample);
    }

    /// <summary>
    /// One call for the image and one for the label (nearest). Sampling them as two channels of one call would share
    /// the coordinate work but costs a concatenation and two copies back out, which measured slower; with one channel
    /// each, the per-slice path's permutes are free views.
    /// </summary>
    private static AugmentationSample SampleBoth(AugmentationSample sample, ImageInterpolation interpolation, Func<Tensor, GridSampleMode, Tensor> resample)
    {
        var imageMode = interpolation == ImageInterpolation.Nearest ? GridSampleMode.Nearest : GridSampleMode.Bilinear;
        return new AugmentationSample(resample(sample.Image, imageMode), resample(sample.Label, GridSampleMode.Nearest));
    }

    /// <summary>The largest chunk count up to torch's thread count that divides the depth (1 on one thread).</summary>
    private static long Chunks(long depth)
    {
        var threads = Math.Max(1, torch.get_num_threads());
        for (var k = Math.Min(threads, depth); k > 1; k--)
            if (depth % k == 0) return k;
        return 1;
    }

    /// <summary>
    /// The affine part as a 3x4 map from output voxel (d, h, w) to grid_sample's normalised input coordinate of each
    /// axis (row k = axis k, align_corners = true: n = q / s - 1 with s = (S - 1) / 2).
    /// </summary>
    private double[,] NormalisedAffine(long[] shape)
    {
        var size = new[] { shape[2], shape[3], shape[4] };
        var m = new double[3, 3];
        for (var k = 0; k < 3; k++) m[k, k] = 1;
        if (Rotation is { } r && !r.IsIdentity)
        {
            var radians = r.Degrees * Math.PI / 180;
            var (sin, cos) = Math.SinCos(radians);
            m[r.AxisA, r.AxisA] = cos;
            m[r.AxisA, r.AxisB] = sin;
            m[r.AxisB, r.AxisA] = -sin;
            m[r.AxisB, r.AxisB] = cos;
        }
        var t = Translation ?? new TranslationParameters(0, 0, 0);
        var a = new double[3, 4];
        for (var k = 0; k < 3; k++)
        {
            var s = HalfExtent(size[k]);
            var offset = (size[k] - 1) / 2.0;
            for (var j = 0; j < 3; j++)
            {
                a[k, j] = m[k, j] / s;
                offset -= m[k, j] * (t[j] + (size[j] - 1) / 2.0);
            }
            a[k, 3] = offset / s - 1;
        }
        return a;
    }

    /// <summary>Half the extent in align_corners units; 0.5 for a single voxel (any coordinate then samples voxel 0).</summary>
    private static double HalfExtent(long size) => size > 1 ? (size - 1) / 2.0 : 0.5;

    /// <summary>(1, H, W, 2) grid of the in-plane map (channels x = W, y = H).</summary>
    private static Tensor PlaneGrid(double[,] a, long height, long width, Device device)
    {
        var h = Positions(height, ScalarType.Float64, device).reshape(height, 1);
        var w = Positions(width, ScalarType.Float64, device).reshape(1, width);
        var x = Affine(h, w, a[2, 1], a[2, 2], a[2, 3]);
        var y = Affine(h, w, a[1, 1], a[1, 2], a[1, 3]);
        return stack([x, y], -1).to(ScalarType.Float32).unsqueeze(0);
    }

    /// <summary>0, 1, ..., <paramref name="count"/> - 1: <c>arange(count)</c> with held scalars (its own are temporaries).</summary>
    private static Tensor Positions(long count, ScalarType dtype, Device device)
    {
        using var stop = count.ToScalar();
        return arange(HeldScalars.Zero, stop, HeldScalars.One, dtype, device);
    }

    /// <summary><c>h * ch + w * cw + c</c>, in the operators' order, with held scalars.</summary>
    private static Tensor Affine(Tensor h, Tensor w, double ch, double cw, double c)
    {
        using var sh = ch.ToScalar();
        using var sw = cw.ToScalar();
        using var sc = c.ToScalar();
        return h.mul(sh).add(w.mul(sw), HeldScalars.One).add(sc, HeldScalars.One);
    }

    /// <summary>(1, D, H, W, 3) grid of the whole map (channels x = W, y = H, z = D), elastic field included.</summary>
    private Tensor VolumeGrid(long[] shape, Device device)
    {
        var (depth, height, width) = (shape[2], shape[3], shape[4]);
        var a = NormalisedAffine(shape);
        if (Elastic is { } e) return ControlGridUpsampled(a, e, shape, device);
        var d = Positions(depth, ScalarType.Float32, device).reshape(depth, 1, 1);
        var h = Positions(height, ScalarType.Float64, device).reshape(height, 1);
        var w = Positions(width, ScalarType.Float64, device).reshape(1, width);
        Tensor Component(int k)
        {
            // The (H, W) part is small: compute it in float64, then one full-size add per component.
            var plane = Affine(h, w, a[k, 1], a[k, 2], a[k, 3]).to(ScalarType.Float32);
            using var sd = ((float)a[k, 0]).ToScalar();
            return d.mul(sd).add(plane, HeldScalars.One);
        }
        return stack([Component(2), Component(1), Component(0)], -1).unsqueeze(0);
    }

    /// <summary>
    /// The whole grid with an elastic field: affine map plus displacement evaluated at the control points only, then
    /// one trilinear upsampling to full size. Exact for the affine part, because trilinear interpolation reproduces
    /// affine functions, and it saves building the affine grid at full size and adding the dense field to it.
    /// </summary>
    private static Tensor ControlGridUpsampled(double[,] a, ElasticParameters e, long[] shape, Device device)
    {
        var g = e.ControlGrid;
        var n = (int)g.VoxelCount;
        var coarse = new float[3 * n];
        var size = new[] { shape[2], shape[3], shape[4] };
        double Position(int index, int count, int axis) => size[axis] > 1 ? index * (size[axis] - 1) / (double)(count - 1) : 0;
        for (var cd = 0; cd < g.Depth; cd++)
            for (var ch = 0; ch < g.Height; ch++)
                for (var cw = 0; cw < g.Width; cw++)
                {
                    var i = (int)g.Offset(cd, ch, cw);
                    var p = new[] { Position(cd, g.Depth, 0), Position(ch, g.Height, 1), Position(cw, g.Width, 2) };
                    for (var channel = 0; channel < 3; channel++)
                    {
                        var k = 2 - channel; // grid channels are (x = W, y = H, z = D)
                        var value = a[k, 0] * p[0] + a[k, 1] * p[1] + a[k, 2] * p[2] + a[k, 3] + e.Displacements[k * n + i] / HalfExtent(size[k]);
                        coarse[channel * n + i] = (float)value;
                    }
                }
        var control = tensor(coarse, [1, 3, g.Depth, g.Height, g.Width], ScalarType.Float32).to(device);
        var dense = F.interpolate(control, [size[0], size[1], size[2]], mode: InterpolationMode.Trilinear, align_corners: true);
        return dense.permute(0, 2, 3, 4, 1);
    }
}
