using System.Numerics;

namespace VNetAtria.Imaging;

/// <summary>Summary statistics of a volume's voxels (NaNs skipped).</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="StandardDeviation">Population standard deviation.</param>
/// <param name="DistinctValues">The distinct values in increasing order when there are at most 16 of them (label maps), else null.</param>
public sealed record VolumeStatistics(double Min, double Max, double Mean, double StandardDeviation, IReadOnlyList<double>? DistinctValues)
{
    /// <summary>Statistics of any volume.</summary>
    public static VolumeStatistics Of(IVolume volume) => volume.Accept(new Computer());

    /// <summary>Statistics of a typed volume.</summary>
    public static VolumeStatistics Of<T>(Volume<T> volume) where T : unmanaged, INumber<T>
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSq = 0;
        long n = 0;
        var distinct = new SortedSet<double>();
        var trackDistinct = true;
        foreach (var v in volume.Data)
        {
            var x = double.CreateTruncating(v);
            if (double.IsNaN(x)) continue;
            n++;
            if (x < min) min = x;
            if (x > max) max = x;
            sum += x;
            sumSq += x * x;
            if (trackDistinct && distinct.Add(x) && distinct.Count > 16) trackDistinct = false;
        }
        if (n == 0) return new VolumeStatistics(double.NaN, double.NaN, double.NaN, double.NaN, []);
        var mean = sum / n;
        var variance = Math.Max(0, sumSq / n - mean * mean);
        return new VolumeStatistics(min, max, mean, Math.Sqrt(variance), trackDistinct ? distinct.ToArray() : null);
    }

    private sealed class Computer : IVolumeFunc<VolumeStatistics>
    {
        public VolumeStatistics Invoke<T>(Volume<T> volume) where T : unmanaged, INumber<T> => Of(volume);
    }
}
