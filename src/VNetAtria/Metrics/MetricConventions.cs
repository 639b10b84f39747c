namespace VNetAtria.Metrics;

/// <summary>How HD95 combines the two directions.</summary>
public enum Hd95Convention
{
    /// <summary>95th percentile of both directions' distances pooled (medpy's hd95; the left-atrium literature). Default.</summary>
    Pooled,
    /// <summary>95th percentile of each direction, then the larger (MONAI's compute_hausdorff_distance with percentile 95).</summary>
    PerDirectionMax,
}

/// <summary>How ASSD combines the two directions.</summary>
public enum AssdConvention
{
    /// <summary>Mean of the two directed mean distances (medpy's assd up to 0.4). Default.</summary>
    MeanOfDirectedMeans,
    /// <summary>Mean of all distances of both directions pooled.</summary>
    Pooled,
}

/// <summary>Options of <see cref="SegmentationMetrics"/>.</summary>
public sealed record SegmentationMetricOptions
{
    /// <summary>Neighbourhood of the erosion that defines surfaces (face by default).</summary>
    public SurfaceConnectivity Connectivity { get; init; } = SurfaceConnectivity.Face;

    /// <summary>HD95 convention (pooled by default).</summary>
    public Hd95Convention Hd95 { get; init; } = Hd95Convention.Pooled;

    /// <summary>ASSD convention (mean of directed means by default).</summary>
    public AssdConvention Assd { get; init; } = AssdConvention.MeanOfDirectedMeans;

    /// <summary>Defaults: face connectivity, pooled HD95, medpy ASSD.</summary>
    public static SegmentationMetricOptions Default { get; } = new();
}
