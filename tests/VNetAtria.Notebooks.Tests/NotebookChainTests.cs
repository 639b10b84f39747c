using VNetAtria.Notebooks.Tests.Running;

namespace VNetAtria.Notebooks.Tests;

/// <summary>
/// What holds for every notebook of the chain in the dotnet-interactive kernel: no chart replaced by an explanation,
/// no compiler warning printed under a cell (Jupyter front ends show them), and a summary of the run (cells, charts,
/// seconds) in the test log. The notebook-specific checks live in one class per notebook.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookChainTests
{
    /// <summary>The six notebooks, in chain order.</summary>
    public static TheoryData<string> Chain() => new(NotebookChain.Order);

    [Theory]
    [MemberData(nameof(Chain))]
    public async Task No_output_says_something_is_unavailable(string fileName)
    {
        var run = await NotebookChain.RunAsync(fileName);
        Report(run);
        var unavailable = run.Outputs.Where(o => o.Value.Contains("unavailable", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(unavailable.Count == 0, $"{fileName}: cell {unavailable.FirstOrDefault()?.CellIndex} says 'unavailable'.");
    }

    [Theory]
    [MemberData(nameof(Chain))]
    public async Task No_cell_compiles_with_a_warning(string fileName)
    {
        var run = await NotebookChain.RunAsync(fileName);
        // Known and not ours to fix: TorchSharp 0.107 was built against .NET 8's System.Runtime.Numerics, and cells
        // that use its tensor operators get CS1701 for it in the kernel (notebooks 02 and 04).
        static bool Ours(string warning) => !(warning.StartsWith("CS1701", StringComparison.Ordinal) && warning.Contains("used by 'TorchSharp'", StringComparison.Ordinal));
        var warned = run.Cells.Where(c => c.Warnings.Any(Ours)).ToList();
        Assert.True(warned.Count == 0, $"{fileName}: " + string.Join("; ", warned.Select(c => $"cell {c.CellIndex}: {c.Warnings.First(Ours)}")));
    }

    /// <summary>Cells, charts (Plotly figures among the HTML outputs) and seconds of a run, for the test log.</summary>
    private static void Report(NotebookRun run)
    {
        var charts = run.OfMimeType("text/html").Count(o => NotebookFigures.FigureJson(o.Value) is not null);
        TestContext.Current.SendDiagnosticMessage(
            $"{Path.GetFileName(run.Path)} in dotnet-interactive {DotnetInteractiveTool.PinnedVersion}: {run.Cells.Count} code cells, " +
            $"{charts} charts, {run.Elapsed.TotalSeconds:F1} s (slowest cell {run.Cells.Max(c => c.Elapsed.TotalSeconds):F1} s)");
    }
}
