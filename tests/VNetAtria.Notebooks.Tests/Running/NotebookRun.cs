namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>One executed code cell: its source, its outputs, its compiler warnings and how long it took.</summary>
/// <param name="CellIndex">Index among all cells of the notebook (markdown included).</param>
/// <param name="Source">The cell's code.</param>
/// <param name="Outputs">Its outputs in the order the kernel produced them.</param>
/// <param name="Warnings">Compiler warnings ("CS1701 at (0,0)-(0,0): message"), which Jupyter front ends print under the cell.</param>
/// <param name="Elapsed">Wall time of the submission.</param>
public sealed record CellRun(int CellIndex, string Source, IReadOnlyList<NotebookOutput> Outputs, IReadOnlyList<string> Warnings, TimeSpan Elapsed);

/// <summary>A notebook run top to bottom without errors.</summary>
/// <param name="Path">The notebook file.</param>
/// <param name="Cells">Every code cell, in order.</param>
/// <param name="Elapsed">Wall time of the whole run (kernel start included).</param>
public sealed record NotebookRun(string Path, IReadOnlyList<CellRun> Cells, TimeSpan Elapsed)
{
    /// <summary>Every output of every cell, in order.</summary>
    public IEnumerable<NotebookOutput> Outputs => Cells.SelectMany(c => c.Outputs);

    /// <summary>The outputs of the given mime type (e.g. "text/html").</summary>
    public IEnumerable<NotebookOutput> OfMimeType(string mimeType) => Outputs.Where(o => o.MimeType == mimeType);

    /// <summary>All console output of the run, concatenated.</summary>
    public string StandardOutput => string.Concat(Outputs.Where(o => o.Kind == NotebookOutputKind.StandardOutput).Select(o => o.Value));
}
