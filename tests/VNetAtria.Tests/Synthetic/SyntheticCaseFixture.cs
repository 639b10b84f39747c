using VNetAtria.Synthetic;

namespace VNetAtria.Tests.Synthetic;

/// <summary>A few small-profile cases generated once and shared by the tests that only read them.</summary>
internal static class SmallCohort
{
    public const int Seed = 2018;
    public const int Count = 4;

    private static readonly Lazy<SyntheticCase[]> LazyCases =
        new(() => Enumerable.Range(0, Count).Select(i => SyntheticCohort.Generate(PhantomProfile.Small, Seed, i)).ToArray());

    public static IReadOnlyList<SyntheticCase> Cases => LazyCases.Value;

    public static PhantomParameters Parameters(int index) => PhantomSampler.Sample(PhantomProfile.Small, Seed, index);

    public static TheoryData<int> Indices => new(Enumerable.Range(0, Count));
}
