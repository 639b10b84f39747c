namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// The collection every kernel-running test belongs to: notebooks run one at a time, each in its own kernel process,
/// because the chain's later notebooks read what earlier ones wrote and training wants every core.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Notebooks (sequential: one kernel at a time)";
}
