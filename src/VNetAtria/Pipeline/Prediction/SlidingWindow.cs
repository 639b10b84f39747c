using VNetAtria.Imaging;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>Where sliding windows go and how each is weighted (pure functions; the inference is <see cref="SlidingWindowInference"/>).</summary>
public static class SlidingWindow
{
    /// <summary>
    /// Window starts along one axis, as nnU-Net's compute_steps_for_sliding_window: the target step is
    /// patch * (1 - overlap); steps = ceil((size - patch) / target) + 1; the actual step (size - patch) / (steps - 1)
    /// spreads them evenly so the first window starts at 0 and the last ends at the volume's end; starts are rounded
    /// half to even (numpy's round). A volume no larger than the patch gets one window at 0 (pad it to the patch).
    /// </summary>
    /// <exception cref="PredictionException">Overlap outside [0, 1) or a non-positive size.</exception>
    public static int[] Starts(int size, int patch, double overlap)
    {
        if (size < 1 || patch < 1)
            throw new PredictionException($"Sliding window: size {size} and patch {patch} must be positive.");
        if (!(overlap >= 0 && overlap < 1))
            throw new PredictionException($"Sliding window: overlap {overlap} must be in [0, 1).");
        if (size <= patch) return [0];
        var target = patch * (1 - overlap);
        var steps = (int)Math.Ceiling((size - patch) / target) + 1;
        var actual = (double)(size - patch) / (steps - 1);
        return Enumerable.Range(0, steps).Select(i => (int)Math.Round(actual * i, MidpointRounding.ToEven)).ToArray();
    }

    /// <summary>Every window (all combinations of the per-axis starts), in raster order; the volume must be at least the patch on every axis.</summary>
    public static IReadOnlyList<Box3> Windows(Shape3 volume, Shape3 patch, double overlap)
    {
        var sd = Starts(volume.Depth, patch.Depth, overlap);
        var sh = Starts(volume.Height, patch.Height, overlap);
        var sw = Starts(volume.Width, patch.Width, overlap);
        var boxes = new List<Box3>(sd.Length * sh.Length * sw.Length);
        foreach (var d in sd)
            foreach (var h in sh)
                foreach (var w in sw)
                    boxes.Add(new Box3(new Index3(d, h, w), patch));
        return boxes;
    }

    /// <summary>
    /// nnU-Net's Gaussian importance map (compute_gaussian): a unit impulse at the centre voxel (size // 2 per axis)
    /// smoothed by scipy's gaussian_filter with sigma = size * <paramref name="sigmaScale"/> per axis (kernel truncated
    /// at radius int(4 sigma + 0.5), zeros beyond), divided by its maximum (so the centre weighs 1), and every zero
    /// replaced by the smallest non-zero value so that no voxel of a window is ignored (every voxel is covered with a
    /// positive weight, and the division by the summed weights is defined). C order (D, H, W).
    /// </summary>
    public static float[] GaussianWeights(Shape3 patch, double sigmaScale = 1.0 / 8)
    {
        patch.Validated("Gaussian weights");
        if (!(sigmaScale > 0 && double.IsFinite(sigmaScale)))
            throw new PredictionException($"Gaussian weights: sigma scale {sigmaScale} must be positive (nnU-Net: 1/8).");
        var axes = new double[3][];
        for (var a = 0; a < 3; a++)
        {
            var n = patch[a];
            var sigma = n * sigmaScale;
            var radius = (int)(4 * sigma + 0.5);
            var centre = n / 2;
            axes[a] = new double[n];
            for (var i = 0; i < n; i++)
            {
                var x = i - centre;
                axes[a][i] = Math.Abs(x) <= radius ? Math.Exp(-0.5 * x * x / (sigma * sigma)) : 0;
            }
        }
        // The product of the 1-D profiles is 1 at the centre, so it is already divided by its maximum.
        var weights = new float[patch.VoxelCount];
        var k = 0;
        for (var d = 0; d < patch.Depth; d++)
            for (var h = 0; h < patch.Height; h++)
                for (var w = 0; w < patch.Width; w++)
                    weights[k++] = (float)(axes[0][d] * axes[1][h] * axes[2][w]);
        var min = float.MaxValue;
        foreach (var v in weights) if (v > 0 && v < min) min = v;
        for (var i = 0; i < weights.Length; i++) if (weights[i] == 0) weights[i] = min;
        return weights;
    }
}
