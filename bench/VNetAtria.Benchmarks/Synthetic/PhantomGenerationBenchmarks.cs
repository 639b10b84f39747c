using BenchmarkDotNet.Attributes;
using VNetAtria.Synthetic;

namespace VNetAtria.Benchmarks.Synthetic;

/// <summary>
/// Time to generate one phantom case (image + label, in memory) per profile.
/// Run: dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*PhantomGeneration*'
/// </summary>
[MemoryDiagnoser]
public class PhantomGenerationBenchmarks
{
    /// <summary>The profile name.</summary>
    [Params("small", "lasc")]
    public string Profile { get; set; } = "small";

    /// <summary>One case; index 3 of seed 1 is an 88x640x640 case in the lasc profile.</summary>
    [Benchmark]
    public int Generate() => SyntheticCohort.Generate(PhantomProfile.FromName(Profile), 1, 3).Image.Data.Length;
}
