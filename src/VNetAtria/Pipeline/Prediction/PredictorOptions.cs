using VNetAtria.Imaging;
using VNetAtria.Preprocessing;
using static TorchSharp.torch;

namespace VNetAtria.Pipeline.Prediction;

/// <summary>
/// Settings of a <see cref="Predictor"/>. The defaults are the original's pipeline with our fixes: LASC canvas
/// 96x640x640, locator scale (0.5, 0.25, 0.25), threshold 0.5 (the original: 1.0), labels 0/1, no post-processing,
/// no test-time augmentation, native resolution, CPU.
/// </summary>
public sealed record PredictorOptions
{
    /// <summary>
    /// The canvas every volume is centre-padded to before locating (<see cref="CanonicalPadding.LascCanvas"/>);
    /// null: no canvas (needs no locator; the volume is padded after its end to a multiple of 16 and unpadded).
    /// </summary>
    public Shape3? Canvas { get; init; } = CanonicalPadding.LascCanvas;

    /// <summary>What to do with a volume larger than the canvas.</summary>
    public OversizePolicy Oversize { get; init; } = OversizePolicy.Error;

    /// <summary>The locator's scale; must match the crop plan's.</summary>
    public ScaleFactors LocatorScale { get; init; } = ScaleFactors.Lasc;

    /// <summary>How the canvas is downscaled for the locator (the original: antialiased nearest).</summary>
    public ImageDownscaleInterpolation LocatorDownscale { get; init; } = ImageDownscaleInterpolation.AntialiasedNearest;

    /// <summary>The training run's crop plan: its patch size and fallback centre are used for every new case. Required with a locator.</summary>
    public CropPlan? CropPlan { get; init; }

    /// <summary>The margin a case should have inside the patch (flags <see cref="PredictionFlags.BufferShort"/>); null: the plan's prediction buffer (30).</summary>
    public Index3? PredictionBuffer { get; init; }

    /// <summary>The segmenter's intensity normalisation (the training crops' statistics).</summary>
    public NormalisationStatistics Normalisation { get; init; } = NormalisationStatistics.Identity;

    /// <summary>
    /// Resolution the segmenter sees, as a fraction of the native one, in (0, 1]: 1 = native; e.g. 0.5 for CPU
    /// profiles trained on half-resolution crops. The crop is downscaled (trilinear), segmented, and the
    /// probabilities upsampled (trilinear) back to the native grid before thresholding.
    /// </summary>
    public double InputScale { get; init; } = 1;

    /// <summary>Foreground when probability &gt;= this (<see cref="ProbabilityThreshold.Default"/> 0.5; <see cref="ProbabilityThreshold.Original"/> 1.0).</summary>
    public double Threshold { get; init; } = ProbabilityThreshold.Default;

    /// <summary>The label value of foreground voxels: 1, or 255 to match LASC's laendo.nrrd.</summary>
    public byte ForegroundValue { get; init; } = 1;

    /// <summary>Keep only the largest connected foreground component with this connectivity; null: keep everything.</summary>
    public Connectivity? LargestComponent { get; init; }

    /// <summary>Flip test-time augmentation of the segmenter (see <see cref="TestTimeFlips"/>).</summary>
    public FlipAxes TestTimeFlips { get; init; } = FlipAxes.None;

    /// <summary>Sliding-window inference over the whole padded volume instead of the locator's single crop (the locator is then not run); null: single crop.</summary>
    public SlidingWindowOptions? SlidingWindow { get; init; }

    /// <summary>Also return the probability map (float, the input's geometry).</summary>
    public bool KeepProbabilities { get; init; }

    /// <summary>The device the models run on (they are moved there); null: the CPU.</summary>
    public Device? Device { get; init; }
}
