using VNetAtria.Imaging;
using VNetAtria.Imaging.Tensors;
using VNetAtria.Models;
using static TorchSharp.torch;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>One forward pass of a single-channel model over a whole volume, returning sigmoid probabilities.</summary>
public static class ModelInference
{
    /// <summary>
    /// Sigmoid probabilities of <paramref name="model"/> on <paramref name="input"/> (C order, the input's shape).
    /// The input is padded after its end with <paramref name="padValue"/> up to a multiple of 16 per axis
    /// (<see cref="VNetInputSize.RoundUp"/>) and the output cropped back. Runs in inference mode inside its own
    /// dispose scope (nothing native outlives the call); <paramref name="flips"/> adds flip test-time augmentation.
    /// </summary>
    public static float[] Probabilities(nn.Module<Tensor, Tensor> model, Volume<float> input, Device device, FlipAxes flips = FlipAxes.None, float padValue = 0)
    {
        var shape = input.Shape;
        var valid = VNetInputSize.RoundUp(shape);
        var padded = valid == shape ? input
            : VolumeOps.Pad(input, Index3.Zero, new Index3(valid.Depth - shape.Depth, valid.Height - shape.Height, valid.Width - shape.Width), padValue);
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var x = VolumeTensors.ToBatchTensor(padded, device);
        var p = TestTimeFlips.Probabilities(model, x, flips);
        CheckOutput(p, x);
        var cropped = p[0, 0, TensorIndex.Slice(0, shape.Depth), TensorIndex.Slice(0, shape.Height), TensorIndex.Slice(0, shape.Width)];
        return VolumeTensors.FromTensor<float>(cropped).Data;
    }

    /// <summary>Refuses a model whose output is not one channel of the input's size.</summary>
    internal static void CheckOutput(Tensor output, Tensor input)
    {
        var o = output.shape;
        var i = input.shape;
        if (o.Length != 5 || o[0] != i[0] || o[1] != 1 || o[2] != i[2] || o[3] != i[3] || o[4] != i[4])
            throw new PredictionException(
                $"The model returned a tensor of shape ({string.Join(", ", o)}) for an input of shape ({string.Join(", ", i)}); " +
                "prediction needs one logit channel per voxel, (N, 1, D, H, W) of the input's size (a VNet, or a module with the same contract).");
    }
}
