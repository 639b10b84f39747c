namespace VNetAtria.Plotting;

/// <summary>How a mask is drawn over an image slice.</summary>
public enum OverlayStyle
{
    /// <summary>The mask's outline (a contour at 0.5 of the 0/1 mask), the image stays visible inside.</summary>
    Contour,

    /// <summary>The mask filled with a semi-transparent colour.</summary>
    Heatmap,
}
