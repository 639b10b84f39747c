namespace VNetAtria.Data;

/// <summary>Options for <see cref="CaseDiscovery"/>.</summary>
public sealed record DiscoveryOptions
{
    /// <summary>The layout to read, or null (the default) to detect it (see <see cref="CaseDiscovery.DetectLayout"/>).</summary>
    public DatasetLayout? Layout { get; init; }

    /// <summary>
    /// Accept images without a label as unlabelled, prediction-only cases. False by default: an image without a label
    /// is then an error that lists every such case.
    /// </summary>
    public bool AllowUnlabeled { get; init; }
}
