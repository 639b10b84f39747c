using VNetAtria.Data;

namespace VNetAtria.Augmentation;

/// <summary>
/// The random source of every augmentation sampler: a <see cref="SplitMix64"/> stream keyed by a hash of
/// (seed, epoch, sample index, ...), so a sample's parameters depend on those numbers only, never on which thread
/// drew them or on what was drawn before (System.Random is avoided: its seeded sequence is an implementation detail).
/// </summary>
public sealed class AugmentationRandom
{
    private readonly SplitMix64 _stream;

    /// <summary>A stream started at <paramref name="key"/> (usually from <see cref="Key"/>).</summary>
    public AugmentationRandom(ulong key) => _stream = new SplitMix64(key);

    /// <summary>A stream keyed by <see cref="Key"/> of the parts.</summary>
    public static AugmentationRandom For(ulong seed, params ReadOnlySpan<long> parts) => new(Key(seed, parts));

    /// <summary>
    /// A well-mixed 64-bit key of a seed and any number of integers (epoch, sample index, a purpose tag): each part is
    /// folded in by one SplitMix64 finaliser round, so neighbouring inputs give unrelated keys and (seed, 1, 2) differs
    /// from (seed, 2, 1).
    /// </summary>
    public static ulong Key(ulong seed, params ReadOnlySpan<long> parts)
    {
        var h = Mix(seed ^ 0x6A09E667F3BCC909UL);
        foreach (var p in parts)
            h = Mix(h + 0x9E3779B97F4A7C15UL + unchecked((ulong)p));
        return h;
    }

    /// <summary>The next raw 64-bit output.</summary>
    public ulong NextUInt64() => _stream.Next();

    /// <summary>A uniform double in [0, 1) (the top 53 bits of one output).</summary>
    public double NextDouble() => (_stream.Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>) (exactly min when they are equal).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>True with probability <paramref name="probability"/> (one draw, even for 0 and 1, so later draws do not shift).</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) without modulo bias.</summary>
    public int NextBelow(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)_stream.NextBelow((ulong)bound);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int min, int maxExclusive)
    {
        if (maxExclusive <= min)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"The range [{min}, {maxExclusive}) is empty; the exclusive maximum must exceed the minimum.");
        return min + NextBelow(maxExclusive - min);
    }

    /// <summary>Fisher-Yates permutation of 0..n-1 driven by this stream.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        for (var i = 0; i < n; i++) p[i] = i;
        for (var i = n - 1; i > 0; i--)
        {
            var j = NextBelow(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
