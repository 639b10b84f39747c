using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Preprocessing;

namespace VNetAtria.Notebooks.Tests;

/// <summary>notebooks/01-preprocessing.ipynb runs top to bottom in a real C# kernel and shows what it promises.</summary>
[Collection(NotebookCollection.Name)]
public sealed class PreprocessingNotebookTests : IAsyncLifetime
{
    private NotebookRun run = null!;
    private string runs = null!;

    public async ValueTask InitializeAsync()
    {
        runs = NotebookChain.RunsFolder;
        run = await NotebookChain.RunAsync("01-preprocessing.ipynb");
        TestContext.Current.SendDiagnosticMessage($"01-preprocessing: {run.Elapsed.TotalSeconds:F1} s; cells: " +
            string.Join(", ", run.Cells.Select(c => $"{c.CellIndex}={c.Elapsed.TotalSeconds:F1}s")));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private NotebookRun Run => run;

    [Fact]
    public void Every_code_cell_runs_without_error()
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook("01-preprocessing.ipynb"));
        Assert.Equal(document.Elements.Count(e => NotebookRunner.IsCSharp(e.KernelName)), Run.Cells.Count);
    }

    [Fact]
    public void The_slice_viewer_is_a_plotly_chart_with_heatmap_and_contour_traces()
    {
        var html = Run.OfMimeType("text/html").Select(o => o.Value).Where(v => v.Contains("Plotly.newPlot", StringComparison.Ordinal)).ToList();
        Assert.Contains(html, v => v.Contains("\"type\":\"heatmap\"", StringComparison.Ordinal) && v.Contains("\"type\":\"contour\"", StringComparison.Ordinal));
        Assert.All(html, v => Assert.Contains("cdn.plot.ly/plotly", v, StringComparison.Ordinal));
        Assert.DoesNotContain(Run.OfMimeType("text/html"), o => o.Value.Contains("Chart unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_slice_viewer_renders_to_a_drawn_png()
    {
        // The orthogonal viewer: three image planes in grey with the label's contour, rendered as an editor shows it.
        var png = NotebookFigures.RenderDrawn(Run, "\"type\":\"contour\"", "01-preprocessing-slices", minNonBackground: 0.15, minColours: 100);
        Assert.Equal((1000, 650), (png.Width, png.Height));
    }

    [Fact]
    public void The_intensity_histograms_are_bar_charts()
    {
        Assert.Contains(Run.OfMimeType("text/html"), o => o.Value.Contains("Plotly.newPlot", StringComparison.Ordinal)
            && o.Value.Contains("\"type\":\"bar\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_volume_shows_as_a_table_with_its_geometry()
    {
        Assert.Contains(Run.OfMimeType("text/html"), o => o.Value.Contains("<table", StringComparison.Ordinal)
            && o.Value.Contains("Shape (D, H, W)", StringComparison.Ordinal) && o.Value.Contains("Spacing", StringComparison.Ordinal));
    }

    [Fact]
    public void The_padding_table_reports_every_inverse_exact()
    {
        var table = Assert.Single(Run.OfMimeType("text/html"), o => o.Value.Contains("Inverse exact", StringComparison.Ordinal));
        Assert.Contains("True", table.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("False", table.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_odd_difference_example_puts_the_extra_voxel_after_the_data()
    {
        // D: 96 - 87 = 9 -> 4 before, 5 after (the original padded 4 and 4, giving 95); H, W: 640 - 576 = 64 -> 32 and 32.
        Assert.Contains("before (4, 32, 32), after (5, 32, 32)", Run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("the original's D would be 95", Run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_table_lists_the_cases_with_label_fractions()
    {
        var table = Assert.Single(Run.OfMimeType("text/html"), o => o.Value.Contains("Label fraction", StringComparison.Ordinal));
        Assert.Contains("<table", table.Value, StringComparison.Ordinal);
        Assert.Contains("Case000", table.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_normalisation_statistics_are_saved_for_later_notebooks()
    {
        var path = Path.Combine(runs, "01-preprocessing", "normalisation-padded-training.json");
        Assert.True(File.Exists(path), $"{path} was not written.");
        var statistics = PreprocessingJson.Read<NormalisationStatistics>(path).Validated();
        Assert.Equal(NormalisationMode.ZScore, statistics.Mode);
        // 5 synthetic cases, 80 / 20 split: round(0.8 * 5) = 4 training cases.
        Assert.Equal(4, statistics.CaseCount);
        Assert.True(File.Exists(Path.Combine(runs, "01-preprocessing", "padding-records.json")));
    }
}
