using System.Globalization;
using System.Text.RegularExpressions;
using VNetAtria.Experiments;
using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Notebooks.Tests;

/// <summary>notebooks/04-segmenter-training.ipynb trains the segmenter into the shared pipeline folder and shows what it promises.</summary>
[Collection(NotebookCollection.Name)]
public sealed class SegmenterTrainingNotebookTests : IAsyncLifetime
{
    private const string FileName = "04-segmenter-training.ipynb";
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

    private IEnumerable<string> Charts => run.OfMimeType("text/html").Select(o => o.Value).Where(v => v.Contains("Plotly.newPlot", StringComparison.Ordinal));

    private string SegmenterFile(string name) => Path.Combine(pipeline, "segmenter", name);

    [Fact]
    public void Every_code_cell_runs_without_error()
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook(FileName));
        Assert.Equal(document.Elements.Count(e => NotebookRunner.IsCSharp(e.KernelName)), run.Cells.Count);
        Assert.DoesNotContain(run.OfMimeType("text/html"), o => o.Value.Contains("Chart unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_training_curves_are_scatter_traces_of_the_losses_and_the_validation_dice()
    {
        var curves = Assert.Single(Charts, v => v.Contains("Segmenter training", StringComparison.Ordinal));
        Assert.Contains("\"type\":\"scatter\"", curves, StringComparison.Ordinal);
        Assert.Contains("Dice", curves, StringComparison.Ordinal);
    }

    [Fact]
    public void Crops_and_the_validation_prediction_are_slice_views_with_heatmap_and_contour_traces()
    {
        var views = Charts.Where(v => v.Contains("\"type\":\"heatmap\"", StringComparison.Ordinal) && v.Contains("\"type\":\"contour\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(views, v => v.Contains("training crop", StringComparison.Ordinal));
        Assert.Contains(views, v => v.Contains("prediction (red) and label (green)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_augmentation_gallery_shows_the_original_recipe_and_on_the_fly_samples()
    {
        var gallery = Assert.Single(Charts, v => v.Contains("Augmentations of one training crop", StringComparison.Ordinal));
        Assert.Contains("\"type\":\"heatmap\"", gallery, StringComparison.Ordinal);
        foreach (var panel in new[] { "as is", "flip H", "rotate 3°", "shift (0, 5, 5)", "on-the-fly, epoch 4" })
            Assert.Contains(panel, gallery, StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_table_gives_the_original_parameter_counts()
    {
        // The original README's counts: 10,759,306 for the VNet, 16,200,266 for num_layers 2.
        var table = Assert.Single(run.OfMimeType("text/html"), o => o.Value.Contains("Parameters", StringComparison.Ordinal) && o.Value.Contains("num_layers", StringComparison.Ordinal));
        Assert.Contains("10,759,306", table.Value, StringComparison.Ordinal);
        Assert.Contains("16,200,266", table.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loss_and_alpha_tables_are_shown()
    {
        Assert.Contains(run.OfMimeType("text/html"), o => o.Value.Contains("Focal loss", StringComparison.Ordinal) && o.Value.Contains("all background", StringComparison.Ordinal));
        Assert.Contains(run.OfMimeType("text/html"), o => o.Value.Contains("alpha", StringComparison.Ordinal) && o.Value.Contains("Completed epochs", StringComparison.Ordinal));
    }

    [Fact]
    public void The_interrupted_training_resumes_from_checkpoint_last_inside_an_epoch_and_keeps_one_history()
    {
        Assert.Contains("interrupted: True", run.StandardOutput, StringComparison.Ordinal);
        // The trainer's resume line: "... N epoch(s) done, next batch B of epoch N + 1"; B > 1 is a position inside an epoch.
        var resumed = Regex.Match(run.StandardOutput, @"Resumed from .*?(\d+) epoch\(s\) done, next batch (\d+) of epoch (\d+)");
        Assert.True(resumed.Success, "the second training call did not resume from checkpoint-last.");
        Assert.True(int.Parse(resumed.Groups[2].Value, CultureInfo.InvariantCulture) > 1, resumed.Value);
        Assert.Equal(int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture) + 1, int.Parse(resumed.Groups[3].Value, CultureInfo.InvariantCulture));
        // The resumed run continues the interrupted one's history: one row per epoch, 1..N without gaps or repeats.
        var history = TrainingHistory.Read(SegmenterFile(TrainerFolder.HistoryFileName));
        var epochs = ExperimentConfigLoader.Load(Path.Combine(pipeline, RunFolder.ConfigFileName)).Segmenter.Epochs;
        Assert.Equal(Enumerable.Range(1, epochs), history.Select(h => h.Epoch));
    }

    [Fact]
    public void Training_writes_both_checkpoints_and_the_training_crop_statistics()
    {
        Assert.True(File.Exists(SegmenterFile(TrainerFolder.BestCheckpointName)), "checkpoint-best was not written.");
        Assert.True(File.Exists(SegmenterFile(TrainerFolder.LastCheckpointName)), "checkpoint-last was not written.");
        var statistics = PreprocessingJson.Read<NormalisationStatistics>(Path.Combine(pipeline, "normalisation.json")).Validated();
        Assert.Equal(NormalisationMode.ZScore, statistics.Mode);
        // Statistics over every voxel of the training crops: training cases x the crop plan's patch voxels.
        var plan = CropPlan.Load(Path.Combine(pipeline, "crop-plan.json"));
        var config = ExperimentConfigLoader.Load(Path.Combine(pipeline, RunFolder.ConfigFileName));
        var trainingCases = (int)Math.Round(config.Data.Split.TrainFraction * config.Data.Synthetic!.Cases, MidpointRounding.AwayFromZero);
        Assert.Equal((long)trainingCases * plan.PatchSize.Depth * plan.PatchSize.Height * plan.PatchSize.Width, statistics.VoxelCount);
    }

    [Fact]
    public void The_segmenter_learns_well_above_chance()
    {
        // The atrium fills a few percent of a crop, so an all-foreground guess scores below 0.1 Dice.
        var best = TrainingHistory.Read(SegmenterFile(TrainerFolder.HistoryFileName)).Max(h => h.ValidationDice);
        Assert.True(best > 0.6, $"best validation Dice {best:F3}");
    }

    [Fact]
    public async Task On_an_empty_artefact_folder_it_stops_at_its_first_use_and_names_the_notebook_to_run_first()
    {
        var empty = NotebookPaths.NewTempDir();
        try
        {
            var e = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookChain.RunWithArtefactsInAsync(FileName, empty, TestContext.Current.CancellationToken));
            Assert.Contains("02-locator-training.ipynb", e.Error, StringComparison.Ordinal);
            Assert.Contains("RunFolderException", e.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void The_segmenter_training_curves_render_to_a_drawn_png()
    {
        // Rendered by Chromium as an editor would draw it.
        NotebookFigures.RenderDrawn(run, "\"name\":\"validation Dice\"", "04-segmenter-training-curves", minNonBackground: 0.03);
    }
}
