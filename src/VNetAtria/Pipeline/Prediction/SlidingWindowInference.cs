using VNetAtria.Imaging;
using VNetAtria.Imaging.Tensors;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>
/// Sliding-window inference over a whole volume (nnU-Net's predict_sliding_window_return_logits, for a sigmoid
/// output): windows from <see cref="SlidingWindow.Windows"/>, each window's sigmoid probabilities multiplied by the
/// importance map (<see cref="SlidingWindow.GaussianWeights"/> or uniform) and added into a float32 accumulator, the
/// weights into another, and the result is their quotient.
/// <para>
/// Probabilities, not logits, are averaged: nnU-Net averages softmax probabilities; for a sigmoid output the
/// analogue is averaging sigmoid probabilities (a weighted mean of probabilities stays in [0, 1] and the 0.5 and
/// 1.0 thresholds keep their meaning). Flip test-time augmentation averages inside each window the same way.
/// </para>
/// Memory: the accumulators live on the CPU (or on the device with <see cref="SlidingWindowOptions.AccumulateOnDevice"/>);
/// each batch of windows runs in its own dispose scope, so only one batch of activations exists at a time.
/// </summary>
public static class SlidingWindowInference
{
    /// <summary>
    /// Probabilities of <paramref name="model"/> over <paramref name="input"/> (C order, the input's shape). A volume
    /// smaller than the patch on some axis is padded after its end with <paramref name="padValue"/>, and cropped back.
    /// </summary>
    /// <exception cref="PredictionException">Invalid options, or a model output of the wrong shape.</exception>
    public static float[] Probabilities(nn.Module<Tensor, Tensor> model, Volume<float> input, SlidingWindowOptions options, Device device,
        FlipAxes flips = FlipAxes.None, float padValue = 0)
    {
        var o = options.Validated();
        var shape = input.Shape;
        var patch = o.PatchSize;
        var full = new Shape3(Math.Max(shape.Depth, patch.Depth), Math.Max(shape.Height, patch.Height), Math.Max(shape.Width, patch.Width));
        var padded = full == shape ? input
            : VolumeOps.Pad(input, Index3.Zero, new Index3(full.Depth - shape.Depth, full.Height - shape.Height, full.Width - shape.Width), padValue);
        var windows = SlidingWindow.Windows(full, patch, o.Overlap);
        var accumulateOn = o.AccumulateOnDevice ? device : CPU;

        using var outer = NewDisposeScope();
        using var inference = inference_mode();
        var image = VolumeTensors.ToTensor(padded, accumulateOn);
        var weight = o.Gaussian
            ? tensor(SlidingWindow.GaussianWeights(patch, o.SigmaScale), [patch.Depth, patch.Height, patch.Width], device: accumulateOn)
            : ones([patch.Depth, patch.Height, patch.Width], device: accumulateOn);
        var sum = zeros([full.Depth, full.Height, full.Width], device: accumulateOn);
        var weights = zeros([full.Depth, full.Height, full.Width], device: accumulateOn);
        for (var first = 0; first < windows.Count; first += o.BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = windows.Skip(first).Take(o.BatchSize).ToArray();
            var x = stack(batch.Select(b => image[Slices(b)]).ToArray()).unsqueeze(1).to(device);
            var p = TestTimeFlips.Probabilities(model, x, flips);
            ModelInference.CheckOutput(p, x);
            p = p.to(accumulateOn);
            for (var i = 0; i < batch.Length; i++)
            {
                sum[Slices(batch[i])].add_(p[i, 0].mul(weight), HeldScalars.One);
                weights[Slices(batch[i])].add_(weight, HeldScalars.One);
            }
        }
        var mean = sum.div_(weights)[TensorIndex.Slice(0, shape.Depth), TensorIndex.Slice(0, shape.Height), TensorIndex.Slice(0, shape.Width)];
        return VolumeTensors.FromTensor<float>(mean).Data;
    }

    private static TensorIndex[] Slices(Box3 b) =>
    [
        TensorIndex.Slice(b.Start.D, b.End.D),
        TensorIndex.Slice(b.Start.H, b.End.H),
        TensorIndex.Slice(b.Start.W, b.End.W),
    ];
}
