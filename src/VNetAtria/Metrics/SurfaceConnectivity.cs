namespace VNetAtria.Metrics;

/// <summary>Which neighbours the erosion that defines a mask's surface looks at.</summary>
public enum SurfaceConnectivity
{
    /// <summary>The 6 face neighbours (scipy's default structuring element, connectivity 1): the default.</summary>
    Face = 1,
    /// <summary>All 26 neighbours (connectivity 3): a thicker surface.</summary>
    Full = 3,
}
