namespace VNetAtria.Tests.TestSupport;

/// <summary>
/// Tests that build models or draw from torch's process-wide random generator run one at a time:
/// module constructors draw their default initialisation from that generator, so a test running beside
/// them would change which numbers a seeded construction gets.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalRngCollection
{
    /// <summary>The collection's name for [Collection(...)].</summary>
    public const string Name = "torch global RNG";
}
