namespace VNetAtria.Data;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the reference C code of Vigna's xoshiro page): a tiny, well-mixed 64-bit
/// generator whose output is fully specified, so a split drawn from a seed is the same in every .NET version and in a
/// few lines of Python. System.Random is avoided on purpose: its seeded sequence is an implementation detail.
/// </summary>
public sealed class SplitMix64
{
    private ulong _state;

    /// <summary>Starts the generator at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64-bit output: state += 0x9E3779B97F4A7C15, then the mix of the state.</summary>
    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>) by rejection: outputs x ≥ 2^64 − (2^64 mod bound) are drawn
    /// again, then x mod bound is returned, so there is no modulo bias.
    /// </summary>
    public ulong NextBelow(ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        var remainder = (ulong.MaxValue % bound + 1) % bound; // 2^64 mod bound
        var limit = ulong.MaxValue - remainder;                 // accept x <= limit
        ulong x;
        do x = Next(); while (x > limit);
        return x % bound;
    }
}
