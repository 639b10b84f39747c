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
        var warned = run.Cells.Where(c => c.Warnings.Count > 0).ToList();
        Assert.True(warned.Count == 0, $"{fileName}: " + string.Join("; ", warned.Select(c => $"cell {c.CellIndex}: {c.Warnings[0]}")));
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
