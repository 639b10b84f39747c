namespace VNetAtria.Plotting;

/// <summary>How per-case values are summarised in <see cref="MetricDistributions"/>.</summary>
public enum DistributionKind
{
    /// <summary>Box plot (median, quartiles, whiskers) with every case as a point.</summary>
    Box,

    /// <summary>Violin plot (kernel density) with an inner box and every case as a point.</summary>
    Violin,
}
