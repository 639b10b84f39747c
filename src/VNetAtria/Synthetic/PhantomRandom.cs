namespace VNetAtria.Synthetic;

/// <summary>
/// The phantom generator's own random numbers: SplitMix64 for seeding and hashing, xoshiro256** for streams
/// (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021).
/// Implemented here rather than using <see cref="System.Random"/> because that class's algorithm is not part of
/// its contract and may change between .NET versions; these produce the same numbers on every machine.
/// </summary>
internal sealed class PhantomRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream whose state is expanded from <paramref name="seed"/> by SplitMix64.</summary>
    public PhantomRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64Next(ref sm);
        _s1 = SplitMix64Next(ref sm);
        _s2 = SplitMix64Next(ref sm);
        _s3 = SplitMix64Next(ref sm);
    }

    /// <summary>A stream starting from the raw xoshiro256** state (s0, s1, s2, s3), as the reference implementation's tests do.</summary>
    public static PhantomRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var r = new PhantomRandom(0);
        (r._s0, r._s1, r._s2, r._s3) = (s0, s1, s2, s3);
        return r;
    }

    /// <summary>Named sub-streams of one case, so that drawing more numbers for one part never shifts another.</summary>
    public enum Stream : ulong
    {
        /// <summary>Image shape choice.</summary>
        Shape = 1,
        /// <summary>Placement, orientation and anatomy.</summary>
        Anatomy = 2,
        /// <summary>Tissue intensities, bias field and gain.</summary>
        Appearance = 3,
        /// <summary>Coarse texture and enhancement fields.</summary>
        Fields = 4,
        /// <summary>The key of the per-voxel noise hash.</summary>
        Noise = 5,
    }

    /// <summary>The 64-bit key of case <paramref name="index"/> of the cohort drawn from <paramref name="seed"/>.</summary>
    public static ulong CaseKey(int seed, int index) =>
        Mix(Mix((ulong)(uint)seed ^ 0x243F6A8885A308D3UL) + (ulong)(uint)index * 0x9E3779B97F4A7C15UL);

    /// <summary>The stream <paramref name="stream"/> of case (<paramref name="seed"/>, <paramref name="index"/>).</summary>
    public static PhantomRandom ForCase(int seed, int index, Stream stream) =>
        new(Mix(CaseKey(seed, index) ^ ((ulong)stream * 0xD1B54A32D192ED03UL)));

    /// <summary>The SplitMix64 output function: a bijective 64-bit mixer, used as a counter-based hash.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix64Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform in [<paramref name="range"/>.Min, <paramref name="range"/>.Max).</summary>
    public double Uniform(ValueRange range) => Uniform(range.Min, range.Max);

    /// <summary>Uniform in [-<paramref name="halfWidth"/>, <paramref name="halfWidth"/>).</summary>
    public double Symmetric(double halfWidth) => Uniform(-halfWidth, halfWidth);

    /// <summary>A multiplicative jitter: uniform in [1 - <paramref name="fraction"/>, 1 + <paramref name="fraction"/>).</summary>
    public double Jitter(double fraction) => 1 + Symmetric(fraction);

    /// <summary>Uniform integer in [0, <paramref name="count"/>), without modulo bias worth noticing for small counts.</summary>
    public int NextInt(int count) => (int)((NextUInt64() >> 33) * (ulong)count >> 31);

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
