using System.Diagnostics;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// Runs a Polyglot C# notebook top to bottom in a real .NET Interactive C# kernel hosted in this process, the way
/// "Run All" does in VS Code, and stops at the first failing cell with the cell, its source and the error.
/// <para>
/// The process working directory is set to the notebook's folder for the run, so the notebooks' relative <c>#r</c>
/// paths and data paths resolve as in an editor. The working directory is process-wide: run notebooks one at a time
/// (<see cref="NotebookCollection"/>).
/// </para>
/// </summary>
public static class NotebookRunner
{
    /// <summary>The kernel name of C# cells in Polyglot notebooks.</summary>
    public const string CSharpKernelName = "csharp";

    /// <summary>Parses <paramref name="path"/> (.ipynb) with the .NET Interactive document parser.</summary>
    public static InteractiveDocument Parse(string path) =>
        Notebook.Parse(File.ReadAllText(path), new KernelInfoCollection { new Microsoft.DotNet.Interactive.Documents.KernelInfo(CSharpKernelName, languageName: "C#", aliases: ["c#", "C#"]) });

    /// <summary>Runs every code cell of the notebook at <paramref name="path"/> in order.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <param name="cancellationToken">Stops between cells.</param>
    /// <returns>Every cell's outputs.</returns>
    /// <exception cref="NotebookCellFailedException">A cell failed to compile or threw; the message names the cell and quotes it.</exception>
    public static async Task<NotebookRun> RunAsync(string path, CancellationToken cancellationToken = default)
    {
        path = Path.GetFullPath(path);
        var total = Stopwatch.StartNew();
        var document = Parse(path);
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(path)!;
        Formatter.ResetToDefault();
        try
        {
            using var kernel = CreateKernel();
            var cells = new List<CellRun>();
            for (var i = 0; i < document.Elements.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var element = document.Elements[i];
                if (!IsCode(element.KernelName)) continue;
                if (!IsCSharp(element.KernelName))
                    throw new NotebookCellFailedException(path, i, element.Contents, $"The cell's kernel is '{element.KernelName}'; these notebooks use C# cells only.");
                cells.Add(await RunCellAsync(kernel, path, i, element.Contents));
            }
            return new NotebookRun(path, cells, total.Elapsed);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            Formatter.ResetToDefault();
        }
    }

    /// <summary>True for a cell that runs code (anything but markdown).</summary>
    public static bool IsCode(string? kernelName) => !string.Equals(kernelName, "markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a C# cell.</summary>
    public static bool IsCSharp(string? kernelName) =>
        kernelName is not null && (kernelName.Equals(CSharpKernelName, StringComparison.OrdinalIgnoreCase) || kernelName.Equals("c#", StringComparison.OrdinalIgnoreCase));

    /// <summary>A composite kernel with a C# kernel as an editor starts it (kernel helpers such as display(), #r of files).</summary>
    private static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    private static async Task<CellRun> RunCellAsync(Kernel kernel, string path, int index, string source)
    {
        var watch = Stopwatch.StartNew();
        var result = await kernel.SendAsync(new SubmitCode(source, CSharpKernelName));
        var outputs = new List<NotebookOutput>();
        var errors = new StringBuilder();
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case ReturnValueProduced r:
                    outputs.AddRange(r.FormattedValues.Select(v => new NotebookOutput(index, NotebookOutputKind.Returned, v.MimeType, v.Value)));
                    break;
                case StandardOutputValueProduced o:
                    outputs.AddRange(o.FormattedValues.Select(v => new NotebookOutput(index, NotebookOutputKind.StandardOutput, v.MimeType, v.Value)));
                    break;
                case StandardErrorValueProduced o:
                    outputs.AddRange(o.FormattedValues.Select(v => new NotebookOutput(index, NotebookOutputKind.StandardError, v.MimeType, v.Value)));
                    break;
                case DisplayEvent d:
                    // DisplayedValueProduced and DisplayedValueUpdated (return values and console output are handled above).
                    outputs.AddRange(d.FormattedValues.Select(v => new NotebookOutput(index, NotebookOutputKind.Displayed, v.MimeType, v.Value)));
                    break;
                case DiagnosticsProduced diagnostics:
                    foreach (var d in diagnostics.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
                        errors.AppendLine($"{d.Code} at {d.LinePositionSpan}: {d.Message}");
                    break;
                case CommandFailed failed:
                    // Compile errors arrive as diagnostics (above) and a failure whose message repeats them; a runtime
                    // error has no diagnostics, and its stack trace is what helps.
                    var detail = errors.Length > 0 || failed.Exception is null ? errors.ToString() : failed.Exception + "\n";
                    throw new NotebookCellFailedException(path, index, source, (failed.Message + "\n" + detail).TrimEnd(), failed.Exception);
            }
        }
        if (errors.Length > 0)
            throw new NotebookCellFailedException(path, index, source, errors.ToString().TrimEnd());
        return new CellRun(index, source, outputs, watch.Elapsed);
    }
}
