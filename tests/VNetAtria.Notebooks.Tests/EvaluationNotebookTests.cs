using VNetAtria.Imaging.Formats;
using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Results;

namespace VNetAtria.Notebooks.Tests;

/// <summary>notebooks/05-evaluation.ipynb predicts and measures the validation cases and shows what it promises.</summary>
[Collection(NotebookCollection.Name)]
public sealed class EvaluationNotebookTests : IAsyncLifetime
{
    private const string FileName = "05-evaluation.ipynb";
    private NotebookRun run = null!;
    private string pipeline = null!;

    public async ValueTask InitializeAsync()
    {
        pipeline = Path.Combine(NotebookChain.RunsFolder, "pipeline");
        run = await NotebookChain.RunAsync(FileName);
        TestContext.Current.SendDiagnosticMessage($"{FileName}: {run.Elapsed.TotalSeconds:F1} s; cells: " +
            string.Join(", ", run.Cells.Select(c => $"{c.CellIndex}={c.Elapsed.TotalSeconds:F1}s")));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>"±" as the HTML tables encode it.</summary>
    private const string PlusMinus = "&#177;";

    private IEnumerable<string> Html => run.OfMimeType("text/html").Select(o => o.Value);

    private IEnumerable<string> Charts => Html.Where(v => v.Contains("Plotly.newPlot", StringComparison.Ordinal));

    private string Table(params string[] headers) =>
        Assert.Single(Html, v => v.Contains("<table", StringComparison.Ordinal) && headers.All(h => v.Contains(h, StringComparison.Ordinal)));

    [Fact]
    public void Every_code_cell_runs_without_error()
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook(FileName));
        Assert.Equal(document.Elements.Count(e => NotebookRunner.IsCSharp(e.KernelName)), run.Cells.Count);
        Assert.DoesNotContain(Html, v => v.Contains("Chart unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_validation_case_is_predicted_into_a_file_with_its_image_geometry()
    {
        var result = RunResult.Load(pipeline);
        var files = Directory.GetFiles(Path.Combine(pipeline, "predictions"), "*.nrrd");
        Assert.Equal(result.Cases.Select(c => c.CaseId).Order(), files.Select(f => Path.GetFileNameWithoutExtension(f)).Order());
        foreach (var file in files)
        {
            // The synthetic cohort is written as LASC folders: data/<case>/lgemri.nrrd.
            var image = VolumeFile.Read(Path.Combine(pipeline, "data", Path.GetFileNameWithoutExtension(file), "lgemri.nrrd"));
            var prediction = VolumeFile.Read(file);
            Assert.Equal(image.Shape, prediction.Shape);
            Assert.Equal(image.Geometry, prediction.Geometry);
        }
        var table = Table("Same geometry");
        Assert.Contains("True", table, StringComparison.Ordinal);
        Assert.DoesNotContain("False", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_per_case_table_has_every_metric_in_mm()
    {
        var table = Table("Case", "Dice", "IoU", "Precision", "Recall", "HD (mm)", "HD95 (mm)", "ASSD (mm)", "Case0");
        Assert.Contains("<td", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_with_and_without_the_largest_component_are_reported_side_by_side()
    {
        var table = Table("As predicted", "Largest component");
        Assert.Contains(PlusMinus, table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validation_dice_is_well_above_chance()
    {
        var cases = RunResult.Load(pipeline).Cases;
        Assert.NotEmpty(cases);
        var mean = cases.Average(c => c.Dice);
        Assert.True(mean > 0.6, $"mean validation Dice {mean:F3}");
        Assert.All(cases, c => Assert.False(c.EmptyPrediction, $"{c.CaseId}: empty prediction"));
    }

    [Fact]
    public void The_alternatives_are_compared_on_the_same_cases()
    {
        var table = Table("Prediction", "ms per case");
        foreach (var name in new[] { "locator crop", "largest component", "flip TTA", "sliding window" })
            Assert.Contains(name, table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_metric_distributions_are_box_and_violin_plots()
    {
        Assert.Contains(Charts, v => v.Contains("\"type\":\"box\"", StringComparison.Ordinal));
        Assert.Contains(Charts, v => v.Contains("\"type\":\"violin\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_surface_distance_chart_is_a_mesh3d()
    {
        Assert.Contains(Charts, v => v.Contains("\"type\":\"mesh3d\"", StringComparison.Ordinal) && v.Contains("distance to the label", StringComparison.Ordinal));
    }

    [Fact]
    public void The_prediction_overlay_is_a_slice_view_with_heatmap_and_contour_traces()
    {
        Assert.Contains(Charts, v => v.Contains("\"type\":\"heatmap\"", StringComparison.Ordinal) && v.Contains("\"type\":\"contour\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_results_table_has_the_original_columns_and_the_original_published_row()
    {
        // The original README's columns, and its VNet-Dice row (Dice 0.877 ± 0.073, HD 21.77 mm).
        var table = Table("Architecture", "Params", "Training time", "Loss", "Batch", "LR", "HD (mm)", "HD95 (mm)", "ASSD (mm)", "IoU", "Precision", "Recall", "Dice");
        Assert.Contains($"0.877 {PlusMinus} 0.073", table, StringComparison.Ordinal);
        Assert.Contains("largest component", table, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(pipeline, "results.md"));
        Assert.StartsWith("| Run | Architecture | Params | Training time | Loss | Batch | LR | HD (mm) | HD95 (mm) | ASSD (mm) | IoU | Precision | Recall | Dice |", markdown, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(pipeline, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(pipeline, "run-summary.json")));
    }

    [Fact]
    public async Task On_an_empty_artefact_folder_it_stops_at_its_first_use_and_names_the_notebook_to_run_first()
    {
        var empty = NotebookPaths.NewTempDir();
        try
        {
            var e = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookChain.RunWithArtefactsInAsync(FileName, empty, TestContext.Current.CancellationToken));
            Assert.Contains("04-segmenter-training.ipynb", e.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void The_metric_box_plots_render_to_a_drawn_png()
    {
        // Rendered by Chromium as an editor would draw it.
        NotebookFigures.RenderDrawn(run, "\"type\":\"box\"", "05-evaluation-metric-boxes", minNonBackground: 0.02);
    }
}
