namespace VNetAtria.Models.Convolutions;

/// <summary>How a CPU float32 convolution is computed.</summary>
public enum ConvolutionPath
{
    /// <summary>libtorch's default: oneDNN's kernels (fast; wrong for some shapes on some CPUs with libtorch 2.10).</summary>
    OneDnn,

    /// <summary>
    /// oneDNN on channels zero-padded to a multiple of its channel block (16): the same sums plus zeros, so the same
    /// result, through the kernels that handle whole blocks. Gradients flow through the padding to the real weights.
    /// </summary>
    ChannelPadded,

    /// <summary>libtorch's own kernels with oneDNN switched off for the whole process (slower).</summary>
    WithoutOneDnn,
}

/// <summary>Which results of a convolution a computation needs, so a path is judged on those alone.</summary>
[Flags]
public enum ConvolutionUse
{
    /// <summary>The output (always needed).</summary>
    Forward = 1,

    /// <summary>The gradient with respect to the input (training, except for the first layer).</summary>
    InputGradient = 2,

    /// <summary>The gradient with respect to the weight and bias (training).</summary>
    WeightGradient = 4,

    /// <summary>Everything training needs.</summary>
    Training = Forward | InputGradient | WeightGradient,
}
