namespace VNetAtria.Plotting;

/// <summary>
/// What the slice viewer draws and how much of it. The HTML holds every slider position's slices, so its size is about
/// <see cref="MaxSlices"/> x <see cref="MaxInPlane"/>² x (4 characters for the image + 2 per overlay): 40 slices of
/// 160 x 160 with two overlays are about 8 MB. Larger volumes are subsampled for display only: every k-th slice and
/// every k-th row and column (nearest neighbour, so masks stay masks).
/// </summary>
public sealed record SliceViewerOptions
{
    /// <summary>At most this many slider positions (slices spread evenly over the volume). Default 40.</summary>
    public int MaxSlices { get; init; } = 40;

    /// <summary>In-plane subsampling keeps the longer side of a slice at most this many pixels. Default 160.</summary>
    public int MaxInPlane { get; init; } = 160;

    /// <summary>How the label (reference) mask is drawn. Default: its contour.</summary>
    public OverlayStyle LabelStyle { get; init; } = OverlayStyle.Contour;

    /// <summary>How the prediction mask is drawn. Default: a semi-transparent fill.</summary>
    public OverlayStyle PredictionStyle { get; init; } = OverlayStyle.Heatmap;

    /// <summary>Label colour (CSS). Default green.</summary>
    public string LabelColour { get; init; } = "#00c853";

    /// <summary>Prediction colour (CSS). Default red.</summary>
    public string PredictionColour { get; init; } = "#ff1744";

    /// <summary>Opacity of filled overlays, in (0, 1]. Default 0.4.</summary>
    public double OverlayOpacity { get; init; } = 0.4;

    /// <summary>Overlay voxels with a value above this are foreground (0/1 and 0/255 labels, probabilities). Default 0.5.</summary>
    public double OverlayThreshold { get; init; } = 0.5;

    /// <summary>Grey-level window (min, max); null picks the 0.5th and 99.5th percentiles of the image.</summary>
    public (double Min, double Max)? Window { get; init; }

    /// <summary>Chart title, or null for none.</summary>
    public string? Title { get; init; }

    /// <summary>Checks the values; throws naming the value, the expectation and the fix.</summary>
    public SliceViewerOptions Validated()
    {
        if (MaxSlices < 1) throw new ArgumentOutOfRangeException(nameof(MaxSlices), MaxSlices, "MaxSlices must be at least 1 (the number of slider positions).");
        if (MaxInPlane < 2) throw new ArgumentOutOfRangeException(nameof(MaxInPlane), MaxInPlane, "MaxInPlane must be at least 2 pixels.");
        if (!(OverlayOpacity > 0 && OverlayOpacity <= 1)) throw new ArgumentOutOfRangeException(nameof(OverlayOpacity), OverlayOpacity, "OverlayOpacity must be in (0, 1].");
        if (!double.IsFinite(OverlayThreshold)) throw new ArgumentOutOfRangeException(nameof(OverlayThreshold), OverlayThreshold, "OverlayThreshold must be finite.");
        if (Window is { } w && !(w.Min < w.Max)) throw new ArgumentOutOfRangeException(nameof(Window), w, "Window must have Min < Max.");
        return this;
    }
}
