namespace VNetAtria.Tests.TestSupport;

/// <summary>
/// Tests that build models or draw from torch's process-wide random generator run one at a time:
/// module constructors draw their default initialisation from that generator, so a test running beside
/// them would change which numbers a seeded construction gets.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalRngCollection : ICollectionFixture<TorchStarted>
{
    /// <summary>The collection's name for [Collection(...)].</summary>
    public const string Name = "torch global RNG";
}

/// <summary>Starts TorchSharp through <see cref="VNetAtria.Runtime.TorchRuntime"/> before any test of the collection touches torch.</summary>
public sealed class TorchStarted
{
    /// <summary>Loads the native library (fails the collection's tests with the runtime's clear message when it cannot).</summary>
    public TorchStarted() => VNetAtria.Runtime.TorchRuntime.EnsureAvailable();
}
