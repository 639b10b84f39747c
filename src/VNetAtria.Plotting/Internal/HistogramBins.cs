namespace VNetAtria.Plotting.Internal;

/// <summary>
/// Equal-width bins over [min, max] of the finite values, counted here so that a chart carries the counts
/// (a few hundred numbers) rather than every voxel (plotly.js would bin millions of raw values in the page).
/// </summary>
internal sealed record HistogramBins(double Min, double Width, long[] Counts)
{
    public static HistogramBins Of(IEnumerable<double> values, int bins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return new HistogramBins(0, 1, new long[bins]);
        var (min, max) = (finite.Min(), finite.Max());
        var width = max > min ? (max - min) / bins : 1;
        var counts = new long[bins];
        foreach (var v in finite) counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        return new HistogramBins(min, width, counts);
    }

    public double[] Centres => Enumerable.Range(0, Counts.Length).Select(i => Min + (i + 0.5) * Width).ToArray();
}
