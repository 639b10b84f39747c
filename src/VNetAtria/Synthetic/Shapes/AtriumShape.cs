namespace VNetAtria.Synthetic.Shapes;

/// <summary>
/// The left atrium as one solid: a bumpy ellipsoid body, four pulmonary veins and an optional appendage, joined by a
/// smooth union so that the ostia flare like funnels. It answers two distances at once: the image's (veins run their
/// full length) and the label's (veins end at the flat cut of their labelled ostial segment), sharing the work.
/// </summary>
internal sealed class AtriumShape
{
    private readonly TaperedSegment[] _parts;
    private readonly int _appendageEnd, _imageEnd;
    private readonly double _k;

    /// <summary>An atrium from its parts; <paramref name="smoothing"/> is the smooth-union width in mm.</summary>
    public AtriumShape(Ellipsoid body, IReadOnlyList<TaperedSegment> appendage, IReadOnlyList<TaperedSegment> imageVeins, IReadOnlyList<TaperedSegment> labelVeins, double smoothing)
    {
        Body = body;
        Appendage = appendage;
        ImageVeins = imageVeins;
        LabelVeins = labelVeins;
        _parts = [.. appendage, .. imageVeins, .. labelVeins];
        _appendageEnd = appendage.Count;
        _imageEnd = appendage.Count + imageVeins.Count;
        _k = smoothing;
        var b = body.Bounds;
        foreach (var s in _parts) b = b.Union(s.Bounds);
        Bounds = b;
    }

    /// <summary>Smooth-union width, mm.</summary>
    public double Smoothing => _k;

    /// <summary>Number of tube pieces (appendage, imaged veins, labelled veins).</summary>
    public int PartCount => _parts.Length;

    /// <summary>The body.</summary>
    public Ellipsoid Body { get; }

    /// <summary>The appendage's pieces (empty without one).</summary>
    public IReadOnlyList<TaperedSegment> Appendage { get; }

    /// <summary>The veins' pieces as imaged (full length).</summary>
    public IReadOnlyList<TaperedSegment> ImageVeins { get; }

    /// <summary>The veins' labelled ostial segments (one per vein, cut flat).</summary>
    public IReadOnlyList<TaperedSegment> LabelVeins { get; }

    /// <summary>Where either distance can be negative.</summary>
    public Aabb Bounds { get; }

    /// <summary>
    /// For each tube piece, the w-range of the row p0 + w s within <paramref name="margin"/> mm of the piece's box
    /// (empty: lo &gt; hi). Outside its range a piece is left out of the union: with margin = wall + edge + smoothing,
    /// leaving it out cannot change whether a voxel is painted or labelled.
    /// </summary>
    public void RowRanges(double x0, double y0, double z0, double sx, double sy, double sz, double margin, Span<double> lo, Span<double> hi)
    {
        for (var j = 0; j < _parts.Length; j++)
        {
            if (!_parts[j].Bounds.Expand(margin).RowRange(x0, y0, z0, sx, sy, sz, out lo[j], out hi[j]))
                (lo[j], hi[j]) = (double.PositiveInfinity, double.NegativeInfinity);
        }
    }

    /// <summary>
    /// Signed distances (mm) of the point at row position <paramref name="w"/> to the imaged blood pool and to the
    /// labelled one, using the pieces whose <see cref="RowRanges"/> hold w.
    /// </summary>
    public void Distances(double x, double y, double z, double w, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi, out double image, out double label)
    {
        var common = Body.Distance(x, y, z);
        for (var j = 0; j < _appendageEnd; j++)
            if (w >= lo[j] && w <= hi[j]) common = Shape.SmoothMin(common, _parts[j].Distance(x, y, z), _k);
        image = common;
        for (var j = _appendageEnd; j < _imageEnd; j++)
            if (w >= lo[j] && w <= hi[j]) image = Shape.SmoothMin(image, _parts[j].Distance(x, y, z), _k);
        label = common;
        for (var j = _imageEnd; j < _parts.Length; j++)
            if (w >= lo[j] && w <= hi[j]) label = Shape.SmoothMin(label, _parts[j].Distance(x, y, z), _k);
    }
}
