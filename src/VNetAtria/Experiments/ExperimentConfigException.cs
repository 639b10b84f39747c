namespace VNetAtria.Experiments;

/// <summary>
/// An experiment config could not be read: its JSON is malformed, names an unknown field, has a value of the wrong
/// kind, or fails validation. <see cref="Problems"/> lists every problem found, each starting with the field's dotted
/// path (e.g. "segmenter.optimiser.lr must be &gt; 0, found -1").
/// </summary>
public sealed class ExperimentConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> (a file name or "config") and its problems.</summary>
    public ExperimentConfigException(string source, IReadOnlyList<string> problems, Exception? inner = null)
        : base(Compose(source, problems), inner)
    {
        ConfigPath = source;
        Problems = problems;
    }

    /// <summary>The file (or "config") the problems are in.</summary>
    public string ConfigPath { get; }

    /// <summary>Every problem, one line each, starting with the field's dotted path.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Compose(string source, IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"{source}: {problems[0]}. Fix the field (see configs/README.md for every field and its default)."
            : $"{source}: {problems.Count} problems (see configs/README.md for every field and its default):\n  - " + string.Join("\n  - ", problems);
}
