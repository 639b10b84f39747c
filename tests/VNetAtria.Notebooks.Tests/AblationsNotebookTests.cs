using System.Text.RegularExpressions;
using VNetAtria.Experiments;
using VNetAtria.Recipes;
using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Results;

namespace VNetAtria.Notebooks.Tests;

/// <summary>
/// notebooks/06-ablations.ipynb runs top to bottom in a real C# kernel (after 01-05 in the shared folder, as a user
/// runs them), trains its grid with one shared locator and shows the results table, box plots and curves.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed partial class AblationsNotebookTests : IAsyncLifetime
{
    /// <summary>The small profile's default grid, as the notebook's settings cell lists it.</summary>
    private static readonly string[] Grid = ["vnet-dice", "vnet-hybrid", "attention-dil3-dice", "vnet-layers2-dice"];

    private NotebookRun run = null!;
    private string folder = null!;

    public async ValueTask InitializeAsync()
    {
        folder = Path.Combine(NotebookChain.RunsFolder, AblationGrid.FolderName);
        run = await NotebookChain.RunAsync("06-ablations.ipynb");
        TestContext.Current.SendDiagnosticMessage($"06-ablations: {run.Elapsed.TotalSeconds:F1} s; cells: " +
            string.Join(", ", run.Cells.Select(c => $"{c.CellIndex}={c.Elapsed.TotalSeconds:F1}s")));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IEnumerable<string> Html => run.OfMimeType("text/html").Select(o => o.Value);

    [Fact]
    public void Every_code_cell_runs_without_error()
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook("06-ablations.ipynb"));
        Assert.Equal(document.Elements.Count(e => NotebookRunner.IsCSharp(e.KernelName)), run.Cells.Count);
    }

    [Fact]
    public void Every_grid_entry_is_a_finished_run_folder_that_reuses_one_locator()
    {
        var locators = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Grid)
        {
            var result = RunResult.Load(Path.Combine(folder, name));
            Assert.Equal(name, result.Config.Name);
            Assert.NotNull(result.Config.Locator.Pretrained);
            locators.Add(Path.GetFullPath(result.Config.Locator.Pretrained!));
            Assert.True(File.Exists(Path.Combine(folder, name, "segmenter", "history.csv")), $"{name}: no training history.");
        }
        // One locator, trained once: the notebook's own (02 may not have run) or the pipeline's.
        var locator = Assert.Single(locators);
        Assert.True(File.Exists(Path.Combine(locator, "locator", "checkpoint-best.ckpt")), $"{locator} holds no trained locator.");
    }

    [Fact]
    public void The_grid_changes_exactly_what_its_entries_say()
    {
        var configs = Grid.ToDictionary(n => n, n => RunResult.Load(Path.Combine(folder, n)).Config);
        Assert.Equal(LossKind.Dice, configs["vnet-dice"].Segmenter.Loss.Kind);
        Assert.Equal(LossKind.Hybrid, configs["vnet-hybrid"].Segmenter.Loss.Kind);
        Assert.True(configs["attention-dil3-dice"].Segmenter.Model.Attention);
        Assert.Equal(3, configs["attention-dil3-dice"].Segmenter.Model.AttentionDilation);
        Assert.Equal(2, configs["vnet-layers2-dice"].Segmenter.Model.NumLayers);
        // Everything else is the baseline's: same learning rate, batch, epochs, data and split.
        foreach (var c in configs.Values)
        {
            Assert.Equal(configs["vnet-dice"].Segmenter.Optimiser.Lr, c.Segmenter.Optimiser.Lr);
            Assert.Equal(configs["vnet-dice"].Segmenter.Epochs, c.Segmenter.Epochs);
            Assert.Equal(configs["vnet-dice"].Data, c.Data);
        }
    }

    [Fact]
    public void The_results_table_has_every_grid_row_and_the_originals_columns()
    {
        // The display table of section 4: the original's headers, one row per experiment, no published rows.
        var table = Assert.Single(Html, h => h.Contains("<th>Architecture</th>", StringComparison.Ordinal) && h.Contains("<th>HD95 (mm)</th>", StringComparison.Ordinal)
            && Grid.All(n => h.Contains($"<td>{n}</td>", StringComparison.Ordinal)) && !h.Contains("original 2", StringComparison.Ordinal));
        foreach (var header in ResultsTable.MarkdownHeaders)
            Assert.Contains($"<th>{System.Net.WebUtility.HtmlEncode(header)}</th>", table, StringComparison.Ordinal);
        Assert.Contains("VNet + attention (red 4, dil 3)", table, StringComparison.Ordinal);
        Assert.Contains("VNet, num_layers 2", table, StringComparison.Ordinal);
        Assert.Contains("<td>Hybrid</td>", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_comparison_puts_the_originals_published_rows_beside_ours_in_markdown_too()
    {
        Assert.Contains(Html, h => h.Contains("original 2", StringComparison.Ordinal) && h.Contains("original 7", StringComparison.Ordinal)
            && h.Contains("<td>vnet-layers2-dice</td>", StringComparison.Ordinal));
        Assert.Contains("| Run | Architecture | Params | Training time | Loss | Batch | LR | HD (mm) |", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("| original 3 | VNet |", run.StandardOutput, StringComparison.Ordinal);
        var written = ResultsTable.FromCsv(File.ReadAllText(Path.Combine(folder, "results.csv")));
        Assert.Equal(Grid, written.Rows.Select(r => r.Run));
    }

    [Fact]
    public void Every_run_learns_and_its_metrics_are_in_sane_ranges()
    {
        foreach (var name in Grid)
        {
            var result = RunResult.Load(Path.Combine(folder, name));
            Assert.All(result.Cases, c =>
            {
                Assert.InRange(c.Dice, 0, 1);
                Assert.InRange(c.Jaccard, 0, c.Dice + 1e-12); // IoU <= Dice always
                Assert.InRange(c.Precision, 0, 1);
                Assert.InRange(c.Recall, 0, 1);
                if (!c.HasEmptyMask) Assert.InRange(c.Hausdorff95, 0, c.Hausdorff + 1e-9);
            });
            // Eight epochs on phantoms: the baseline learns for real (the demo reaches 0.88 in 30); every run is evaluated
            // at its best checkpoint, so even one that later collapsed to an empty output scores above an empty guess.
            var dice = result.Cases.Average(c => c.Dice);
            var floor = name == "vnet-dice" ? 0.5 : 0.2;
            Assert.True(dice > floor, $"{name}: mean validation Dice {dice:F3}, expected above {floor}; the grid's segmenters should learn within their epochs.");
            var row = ResultsTable.RowOf(result);
            Assert.True(row.Parameters > 0 && row.TrainingTime > TimeSpan.Zero, $"{name}: parameters and training time come from run-summary.json.");
        }
        var parameters = Grid.ToDictionary(n => n, n => ResultsTable.RowOf(RunResult.Load(Path.Combine(folder, n))).Parameters);
        Assert.True(parameters["vnet-layers2-dice"] > parameters["vnet-dice"], "num_layers 2 adds convolutions.");
        Assert.True(parameters["attention-dil3-dice"] > parameters["vnet-dice"], "attention adds gates.");
        Assert.Equal(parameters["vnet-dice"], parameters["vnet-hybrid"]);
    }

    [Fact]
    public void The_box_plots_have_one_box_per_experiment()
    {
        var boxes = Html.Where(h => h.Contains("Plotly.newPlot", StringComparison.Ordinal) && h.Contains("\"type\":\"box\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, boxes.Count); // Dice and HD95
        foreach (var chart in boxes)
        {
            Assert.Equal(Grid.Length, BoxTrace().Matches(chart).Count);
            Assert.All(Grid, n => Assert.Contains($"\"name\":\"{n}\"", chart, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(Html, h => h.Contains("Chart unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_training_curves_compare_every_run_and_show_the_hybrids_alpha()
    {
        Assert.Contains(Html, h => h.Contains("Segmenters compared", StringComparison.Ordinal) && h.Contains("\"type\":\"scatter\"", StringComparison.Ordinal)
            && Grid.All(n => h.Contains($"\"name\":\"{n}\"", StringComparison.Ordinal)));
        Assert.Contains(Html, h => h.Contains("vnet-hybrid: loss, Dice, learning rate and alpha", StringComparison.Ordinal)
            && h.Contains("\"name\":\"alpha\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_static_report_is_written_with_plotly_inlined()
    {
        var path = Path.Combine(folder, "report.html");
        Assert.True(File.Exists(path), $"{path} was not written.");
        var html = File.ReadAllText(path);
        Assert.DoesNotContain("<script src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(Grid, n => Assert.Contains($"<td>{n}</td>", html, StringComparison.Ordinal));
        Assert.Contains("data-chart=\"distribution\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"type\":\"box\"")]
    private static partial Regex BoxTrace();

    [Fact]
    public void The_ablation_box_plots_render_to_a_drawn_png()
    {
        // Rendered by Chromium as an editor would draw it.
        NotebookFigures.RenderDrawn(run, "\"type\":\"box\"", "06-ablations-dice-boxes", minNonBackground: 0.02);
    }
}
