namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// The collection every notebook-running test belongs to: the runner changes the process-wide working directory and
/// the global formatter registrations, so notebooks run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Notebooks (sequential: working directory and formatters are process-wide)";
}
