using VNetAtria.Imaging;

namespace VNetAtria.Metrics;

/// <summary>
/// Distances from every surface voxel of one mask to the nearest surface voxel of the other, both ways, in the
/// spacing's units (medpy's <c>__surface_distances</c>: EDT of the complement of the reference surface, read at the
/// prediction's surface voxels). Only the box around both masks plus one voxel is processed: every surface voxel
/// and every nearest neighbour lies inside it, so the result is exact.
/// </summary>
/// <param name="PredictionToReference">Distance from each prediction surface voxel to the reference surface.</param>
/// <param name="ReferenceToPrediction">Distance from each reference surface voxel to the prediction surface.</param>
public sealed record SurfaceDistances(float[] PredictionToReference, float[] ReferenceToPrediction)
{
    /// <summary>Computes both directed distance sets; both masks must be non-empty.</summary>
    public static SurfaceDistances Compute(ReadOnlySpan<bool> prediction, ReadOnlySpan<bool> reference, Shape3 shape, Spacing3 spacing,
        SurfaceConnectivity connectivity = SurfaceConnectivity.Face)
    {
        var box = MaskBounds.Union(MaskBounds.Of(prediction, shape), MaskBounds.Of(reference, shape))
            ?? throw new ArgumentException("Surface distances need at least one foreground voxel in each mask.");
        // One voxel of margin keeps the erosion exact (outside the masks' box everything is background).
        var start = new Index3(Math.Max(0, box.Start.D - 1), Math.Max(0, box.Start.H - 1), Math.Max(0, box.Start.W - 1));
        var end = new Index3(Math.Min(shape.Depth, box.End.D + 1), Math.Min(shape.Height, box.End.H + 1), Math.Min(shape.Width, box.End.W + 1));
        var crop = Box3.FromStartEnd(start, end);
        var p = MaskBounds.Extract(prediction, shape, crop);
        var r = MaskBounds.Extract(reference, shape, crop);
        var pSurface = Surfaces.Of(p, crop.Size, connectivity);
        var rSurface = Surfaces.Of(r, crop.Size, connectivity);
        if (!pSurface.AsSpan().Contains(true) || !rSurface.AsSpan().Contains(true))
            throw new ArgumentException("Surface distances need at least one foreground voxel in each mask.");
        var toReference = DistanceTransform.DistanceToNearest(rSurface, crop.Size, spacing);
        var toPrediction = DistanceTransform.DistanceToNearest(pSurface, crop.Size, spacing);
        return new SurfaceDistances(Gather(toReference, pSurface), Gather(toPrediction, rSurface));
    }

    /// <summary>Hausdorff distance: the larger of the two directed maxima.</summary>
    public double Hausdorff => Math.Max(PredictionToReference.Max(), ReferenceToPrediction.Max());

    /// <summary>HD95 as medpy (the left-atrium literature's convention): the 95th percentile of both directions' distances pooled.</summary>
    public double Hausdorff95Pooled => Percentile([.. PredictionToReference, .. ReferenceToPrediction], 95);

    /// <summary>HD95 as MONAI: the 95th percentile of each direction, then the larger.</summary>
    public double Hausdorff95PerDirection => Math.Max(Percentile(PredictionToReference, 95), Percentile(ReferenceToPrediction, 95));

    /// <summary>ASSD as medpy up to 0.4: the mean of the two directed mean distances.</summary>
    public double AverageSymmetricSurfaceDistance => (PredictionToReference.Average() + ReferenceToPrediction.Average()) / 2;

    /// <summary>ASSD over the pooled distances of both directions (weights each surface voxel equally).</summary>
    public double AverageSymmetricSurfaceDistancePooled =>
        (PredictionToReference.Sum(x => (double)x) + ReferenceToPrediction.Sum(x => (double)x)) / (PredictionToReference.Length + ReferenceToPrediction.Length);

    /// <summary>The directed average surface distance, prediction to reference (medpy's <c>asd</c>).</summary>
    public double AverageSurfaceDistance => PredictionToReference.Average();

    /// <summary>numpy's default percentile: linear interpolation between the closest ranks.</summary>
    public static double Percentile(float[] values, double percent)
    {
        if (values.Length == 0) throw new ArgumentException("Percentile of no values.");
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        var rank = percent / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - (double)sorted[lo]) * (rank - lo);
    }

    private static float[] Gather(float[] distances, bool[] at)
    {
        var result = new List<float>();
        for (var i = 0; i < at.Length; i++) if (at[i]) result.Add(distances[i]);
        return [.. result];
    }
}
