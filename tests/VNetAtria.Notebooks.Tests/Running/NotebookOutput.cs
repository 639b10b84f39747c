namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>What kind of output a cell produced.</summary>
public enum NotebookOutputKind
{
    /// <summary>A value shown with display() or .Display().</summary>
    Displayed,

    /// <summary>The value of the cell's last expression.</summary>
    Returned,

    /// <summary>Console.Out text.</summary>
    StandardOutput,

    /// <summary>Console.Error text.</summary>
    StandardError,
}

/// <summary>One formatted output of one cell: a mime type and its text (HTML, plain text, JSON).</summary>
/// <param name="CellIndex">The cell's index among all cells of the notebook (markdown included), as an editor numbers them.</param>
/// <param name="Kind">Displayed, returned or console output.</param>
/// <param name="MimeType">The mime type of <paramref name="Value"/> (text/plain for console output).</param>
/// <param name="Value">The formatted text.</param>
public sealed record NotebookOutput(int CellIndex, NotebookOutputKind Kind, string MimeType, string Value);
