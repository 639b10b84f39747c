using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// Runs a Polyglot C# notebook top to bottom in the kernel users have: the pinned <c>dotnet-interactive</c> tool
/// (<see cref="DotnetInteractiveTool"/>) started as a separate process in stdio mode (<see cref="StdioKernel"/>), one
/// <c>SubmitCode</c> per cell in order, as "Run All" does in VS Code. Stops at the first failing cell with the cell,
/// its source and the kernel's error. The kernel's working directory is the notebook's folder, so the notebooks'
/// relative <c>#r</c> and data paths resolve as in an editor. Skips the calling test when the tool cannot be restored.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The kernel name of C# cells in Polyglot notebooks.</summary>
    public const string CSharpKernelName = "csharp";

    /// <summary>Parses <paramref name="path"/> (.ipynb) with the .NET Interactive document parser.</summary>
    public static InteractiveDocument Parse(string path) =>
        Notebook.Parse(File.ReadAllText(path), new KernelInfoCollection { new KernelInfo(CSharpKernelName, languageName: "C#", aliases: ["c#", "C#"]) });

    /// <summary>True for a cell that runs code (anything but markdown).</summary>
    public static bool IsCode(string? kernelName) => !string.Equals(kernelName, "markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a C# cell.</summary>
    public static bool IsCSharp(string? kernelName) =>
        kernelName is not null && (kernelName.Equals(CSharpKernelName, StringComparison.OrdinalIgnoreCase) || kernelName.Equals("c#", StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs every code cell of the notebook at <paramref name="path"/> in a fresh kernel.</summary>
    /// <param name="path">The .ipynb file.</param>
    /// <param name="environment">Variables added to the kernel's environment (e.g. the notebooks' artefact folder).</param>
    /// <param name="cancellationToken">Stops between and during cells (the kernel is then ended).</param>
    /// <exception cref="NotebookCellFailedException">A cell failed to compile or threw; the message names the cell and quotes it.</exception>
    public static async Task<NotebookRun> RunAsync(string path, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        path = Path.GetFullPath(path);
        var total = Stopwatch.StartNew();
        var document = Parse(path);
        for (var i = 0; i < document.Elements.Count; i++)
            if (IsCode(document.Elements[i].KernelName) && !IsCSharp(document.Elements[i].KernelName))
                throw new NotebookCellFailedException(path, i, document.Elements[i].Contents, $"The cell's kernel is '{document.Elements[i].KernelName}'; these notebooks use C# cells only.");
        await using var kernel = await StdioKernel.StartAsync(Path.GetDirectoryName(path)!, environment, cancellationToken);
        var cells = new List<CellRun>();
        for (var i = 0; i < document.Elements.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var element = document.Elements[i];
            if (!IsCode(element.KernelName)) continue;
            var watch = Stopwatch.StartNew();
            var events = await kernel.SubmitAsync(element.Contents, cancellationToken);
            cells.Add(Read(path, i, element.Contents, events, watch.Elapsed));
        }
        return new NotebookRun(path, cells, total.Elapsed);
    }

    /// <summary>
    /// One submission's outputs and warnings from its events; throws <see cref="NotebookCellFailedException"/> when it
    /// failed (compile errors are quoted from the diagnostics, runtime errors with the kernel's message and stack trace).
    /// </summary>
    public static CellRun Read(string path, int index, string source, IReadOnlyList<KernelEvent> events, TimeSpan elapsed = default)
    {
        var outputs = new List<NotebookOutput>();
        var errors = new StringBuilder();
        var warnings = new List<string>();
        foreach (var e in events)
        {
            switch (e.EventType)
            {
                case "ReturnValueProduced":
                    outputs.AddRange(Formatted(index, NotebookOutputKind.Returned, e.Event));
                    break;
                case "DisplayedValueProduced" or "DisplayedValueUpdated":
                    outputs.AddRange(Formatted(index, NotebookOutputKind.Displayed, e.Event));
                    break;
                case "StandardOutputValueProduced":
                    outputs.AddRange(Formatted(index, NotebookOutputKind.StandardOutput, e.Event));
                    break;
                case "StandardErrorValueProduced":
                    outputs.AddRange(Formatted(index, NotebookOutputKind.StandardError, e.Event));
                    break;
                case "DiagnosticsProduced":
                    foreach (var d in e.Event["diagnostics"]?.AsArray() ?? [])
                    {
                        var text = $"{(string?)d?["code"]} at {Span(d?["linePositionSpan"])}: {(string?)d?["message"]}";
                        if ((string?)d?["severity"] == "error") errors.AppendLine(text);
                        else if ((string?)d?["severity"] == "warning") warnings.Add(text);
                    }
                    break;
                case "CommandFailed":
                    // Compile errors arrive as diagnostics (above) and a failure whose message repeats them; a runtime
                    // error's message is the exception with its stack trace.
                    var message = (string?)e.Event["message"] ?? "(no message)";
                    var detail = errors.Length > 0 && !message.Contains(errors.ToString().Trim(), StringComparison.Ordinal) ? "\n" + errors : "";
                    throw new NotebookCellFailedException(path, index, source, (message + detail).TrimEnd());
            }
        }
        if (errors.Length > 0) throw new NotebookCellFailedException(path, index, source, errors.ToString().TrimEnd());
        return new CellRun(index, source, outputs, warnings, elapsed);
    }

    private static IEnumerable<NotebookOutput> Formatted(int index, NotebookOutputKind kind, JsonObject payload) =>
        (payload["formattedValues"]?.AsArray() ?? []).Select(v =>
            new NotebookOutput(index, kind, (string?)v?["mimeType"] ?? "text/plain", (string?)v?["value"] ?? ""));

    private static string Span(JsonNode? span) =>
        span is null ? "?" : $"({(int?)span["start"]?["line"]},{(int?)span["start"]?["character"]})-({(int?)span["end"]?["line"]},{(int?)span["end"]?["character"]})";
}
