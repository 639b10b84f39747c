using System.Globalization;
using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Preprocessing;

namespace VNetAtria.Notebooks.Tests;

/// <summary>notebooks/03-cropping.ipynb plans the crops from notebook 02's locator and saves the plan and the normalisation.</summary>
[Collection(NotebookCollection.Name)]
public sealed class CroppingNotebookTests : IAsyncLifetime
{
    private NotebookRun run = null!;
    private string pipeline = null!;

    public async ValueTask InitializeAsync()
    {
        pipeline = Path.Combine(NotebookChain.RunsFolder, "pipeline");
        run = await NotebookChain.RunAsync("03-cropping.ipynb");
        TestContext.Current.SendDiagnosticMessage($"03-cropping: {run.Elapsed.TotalSeconds:F1} s; cells: " +
            string.Join(", ", run.Cells.Select(c => $"{c.CellIndex}={c.Elapsed.TotalSeconds:F1}s")));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IEnumerable<string> Html => run.OfMimeType("text/html").Select(o => o.Value);

    [Fact]
    public void Every_code_cell_runs_without_error()
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook("03-cropping.ipynb"));
        Assert.Equal(document.Elements.Count(e => NotebookRunner.IsCSharp(e.KernelName)), run.Cells.Count);
        Assert.DoesNotContain(Html, v => v.Contains("Chart unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_crop_plan_is_saved_with_one_window_of_the_patch_size_inside_the_canvas_per_case()
    {
        var plan = CropPlan.Load(Path.Combine(pipeline, "crop-plan.json"));
        Assert.Equal(NotebookSettingsCases, plan.Cases.Count);
        for (var a = 0; a < 3; a++)
        {
            Assert.Equal(0, plan.PatchSize[a] % plan.Options.Multiple);
            Assert.InRange(plan.PatchSize[a], plan.Options.Multiple, plan.Options.Canvas[a]);
        }
        Assert.All(plan.Cases, c =>
        {
            Assert.Equal(plan.PatchSize, c.Window.Size);
            Assert.True(c.Window.IsInside(plan.Options.Canvas), $"{c.CaseId}: window {c.Window} leaves the canvas {plan.Options.Canvas}.");
        });
        // The locator of notebook 02 finds every phantom's atrium: no window placed by the fallback.
        Assert.DoesNotContain(plan.Cases, c => c.UsedFallback);
    }

    private const int NotebookSettingsCases = VNetAtria.Recipes.NotebookSettings.SmallSyntheticCases;

    [Fact]
    public void Crop_recall_is_a_fraction_and_complete_for_most_cases()
    {
        var lines = File.ReadAllLines(Path.Combine(pipeline, "crop-recall.csv"));
        Assert.Equal("case,split,label_voxels,inside_voxels,recall,used_fallback", lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        Assert.Equal(NotebookSettingsCases, rows.Count);
        foreach (var r in rows)
        {
            var label = long.Parse(r[2], CultureInfo.InvariantCulture);
            var inside = long.Parse(r[3], CultureInfo.InvariantCulture);
            var recall = double.Parse(r[4], CultureInfo.InvariantCulture);
            Assert.True(label > 0, $"{r[0]} has an empty label.");
            Assert.InRange(inside, 0, label);
            Assert.InRange(recall, 0.0, 1.0);
            Assert.Equal((double)inside / label, recall, 5);
        }
        Assert.True(rows.Count(r => r[3] == r[2]) >= 0.75 * rows.Count, "fewer than 3 in 4 windows keep the whole atrium: " + string.Join("; ", lines.Skip(1)));
    }

    [Fact]
    public void The_notebook_shows_the_recall_table_with_its_columns()
    {
        var table = Assert.Single(Html, v => v.Contains("<th>Cuts atrium</th>", StringComparison.Ordinal));
        Assert.Contains("<th>Case</th><th>Split</th><th>Label voxels</th><th>Inside voxels</th><th>Recall</th>", table, StringComparison.Ordinal);
        Assert.Equal(NotebookSettingsCases + 1, table.Split("<tr>").Length - 1);
        Assert.Contains("complete", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_crop_plan_shows_as_a_table_of_cases_and_windows()
    {
        var table = Assert.Single(Html, v => v.Contains("<caption>Crop plan</caption>", StringComparison.Ordinal));
        Assert.Contains("Patch size (D, H, W)", table, StringComparison.Ordinal);
        Assert.Contains("<th>Window</th>", table, StringComparison.Ordinal);
        Assert.Contains("Case000", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_locator_view_draws_the_probability_with_the_box_and_the_window()
    {
        var view = Assert.Single(Html, v => v.Contains("locator output, box and crop window", StringComparison.Ordinal));
        Assert.Contains("\"type\":\"heatmap\"", view, StringComparison.Ordinal);
        Assert.Equal(2, view.Split("\"type\":\"rect\"").Length - 1);
        Assert.Contains("\"name\":\"crop window\"", view, StringComparison.Ordinal);
    }

    [Fact]
    public void The_crop_is_drawn_with_its_label_and_the_histograms_as_bars()
    {
        Assert.Contains(Html, v => v.Contains(" crop\"", StringComparison.Ordinal) && v.Contains("\"type\":\"contour\"", StringComparison.Ordinal));
        Assert.Contains(Html, v => v.Contains("Plotly.newPlot", StringComparison.Ordinal) && v.Contains("\"type\":\"bar\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_normalisation_of_the_training_crops_is_saved_for_the_segmenter()
    {
        var statistics = PreprocessingJson.Read<NormalisationStatistics>(Path.Combine(pipeline, "normalisation.json")).Validated();
        Assert.Equal(NormalisationMode.ZScore, statistics.Mode);
        var plan = CropPlan.Load(Path.Combine(pipeline, "crop-plan.json"));
        // The small profile's split: 75 % of 12 cases train; every voxel of every training crop counts.
        Assert.Equal(9, statistics.CaseCount);
        Assert.Equal(9 * plan.PatchSize.VoxelCount, statistics.VoxelCount);
        Assert.True(statistics.StandardDeviation > 0);
    }

    [Fact]
    public async Task Without_notebook_02s_locator_the_first_cell_that_needs_it_names_notebook_02()
    {
        var empty = NotebookPaths.NewTempDir("vnetatria-notebook-03-alone");
        try
        {
            var failure = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookChain.RunWithArtefactsInAsync("03-cropping.ipynb", empty, TestContext.Current.CancellationToken));
            Assert.Contains("02-locator-training.ipynb", failure.Error, StringComparison.Ordinal);
            Assert.Contains("RunFolderException", failure.Error, StringComparison.Ordinal);
            // It stops before generating data or loading anything.
            Assert.False(Directory.Exists(Path.Combine(empty, "pipeline", "data")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void The_locator_view_with_its_box_and_crop_window_renders_to_a_drawn_png()
    {
        // Rendered by Chromium as an editor would draw it.
        NotebookFigures.RenderDrawn(run, "\"type\":\"rect\"", "03-cropping-locator-view", minNonBackground: 0.1);
    }
}
