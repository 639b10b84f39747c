namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>A notebook cell failed (compile error, exception, or a failed magic command).</summary>
public sealed class NotebookCellFailedException : Exception
{
    /// <summary>Creates the exception with the full description as the message.</summary>
    public NotebookCellFailedException(string notebook, int cellIndex, string source, string error, Exception? inner = null)
        : base(Describe(notebook, cellIndex, source, error), inner)
    {
        Notebook = notebook;
        CellIndex = cellIndex;
        Error = error;
    }

    /// <summary>The notebook file.</summary>
    public string Notebook { get; }

    /// <summary>Index of the failing cell among all cells (markdown included), as the editor shows them.</summary>
    public int CellIndex { get; }

    /// <summary>The kernel's error text (diagnostics included).</summary>
    public string Error { get; }

    /// <summary>How many source lines the message quotes.</summary>
    private const int ExcerptLines = 12;

    private static string Describe(string notebook, int cellIndex, string source, string error)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var excerpt = string.Join("\n", lines.Take(ExcerptLines).Select((l, i) => $"  {i + 1,3} | {l}"));
        if (lines.Length > ExcerptLines) excerpt += $"\n  ... ({lines.Length - ExcerptLines} more lines)";
        return $"{Path.GetFileName(notebook)}: cell {cellIndex} failed.\n--- source ---\n{excerpt}\n--- error ---\n{error}";
    }
}
