using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Preprocessing;

namespace VNetAtria.Pipeline;

/// <summary>Options of <see cref="Evaluator"/>.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The prediction's foreground is value &gt; threshold (0: labels 0/1 and 0/255; 0.5 for probability maps).</summary>
    public double Threshold { get; init; }

    /// <summary>
    /// Which reference label values are foreground: training's rule (<see cref="LabelBinarisation"/>; strict by default:
    /// 0 background, 1 and 255 foreground, any other value an error naming the file).
    /// </summary>
    public LabelValueMapping ReferenceLabels { get; init; } = LabelValueMapping.Strict;

    /// <summary>
    /// Spacing (D, H, W) in mm to use instead of the files' (for formats that store none, like the UA-MT .h5 files).
    /// When set, the files' spacings are not compared.
    /// </summary>
    public Spacing3? Spacing { get; init; }

    /// <summary>Metric conventions (surface connectivity, HD95, ASSD).</summary>
    public SegmentationMetricOptions Metrics { get; init; } = SegmentationMetricOptions.Default;
}
