using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Training;

namespace VNetAtria.Notebooks.Tests;

/// <summary>notebooks/02-locator-training.ipynb trains the locator into the shared pipeline run folder and shows its training.</summary>
[Collection(NotebookCollection.Name)]
public sealed class LocatorTrainingNotebookTests : IAsyncLifetime
{
    private NotebookRun run = null!;
    private string pipeline = null!;

    public async ValueTask InitializeAsync()
    {
        pipeline = Path.Combine(NotebookChain.RunsFolder, "pipeline");
        run = await NotebookChain.RunAsync("02-locator-training.ipynb");
        var history = TrainingHistory.Read(Path.Combine(pipeline, "locator", TrainerFolder.HistoryFileName));
        TestContext.Current.SendDiagnosticMessage($"02-locator-training: {run.Elapsed.TotalSeconds:F1} s (training {history.Sum(h => h.Seconds):F1} s, " +
            $"best validation Dice {history.Max(h => h.ValidationDice):F3}); cells: " +
            string.Join(", ", run.Cells.Select(c => $"{c.CellIndex}={c.Elapsed.TotalSeconds:F1}s")));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IEnumerable<string> Html => run.OfMimeType("text/html").Select(o => o.Value);

    [Fact]
    public void Every_code_cell_runs_without_error()
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook("02-locator-training.ipynb"));
        Assert.Equal(document.Elements.Count(e => NotebookRunner.IsCSharp(e.KernelName)), run.Cells.Count);
        Assert.DoesNotContain(Html, v => v.Contains("Chart unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_locator_checkpoints_and_history_are_written_to_the_pipeline_run_folder()
    {
        Assert.True(File.Exists(Path.Combine(pipeline, "config.json")), "config.json was not written.");
        Assert.True(File.Exists(Path.Combine(pipeline, "locator", TrainerFolder.BestCheckpointName)), "the best locator checkpoint was not written.");
        Assert.True(File.Exists(Path.Combine(pipeline, "locator", TrainerFolder.LastCheckpointName)), "the last locator checkpoint was not written.");
        var history = TrainingHistory.Read(Path.Combine(pipeline, "locator", TrainerFolder.HistoryFileName));
        Assert.Equal(15, history.Count); // the small profile's locator epochs
    }

    [Fact]
    public void The_locator_learns_to_find_the_atrium()
    {
        var history = TrainingHistory.Read(Path.Combine(pipeline, "locator", TrainerFolder.HistoryFileName));
        // A locator that learned nothing predicts background (Dice 0); chance overlap of a random blob is far lower.
        Assert.True(history.Max(h => h.ValidationDice) > 0.5, $"best validation Dice {history.Max(h => h.ValidationDice):F3}");
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, "the training loss did not fall.");
    }

    [Fact]
    public void Training_prints_a_line_per_epoch()
    {
        var lines = run.StandardOutput.Split('\n');
        for (var epoch = 1; epoch <= 15; epoch++)
            Assert.Contains(lines, l => l.StartsWith($"Epoch {epoch}/15: train loss", StringComparison.Ordinal));
    }

    [Fact]
    public void The_training_curves_are_scatter_traces_of_loss_dice_and_learning_rate()
    {
        var curves = Assert.Single(Html, v => v.Contains("Plotly.newPlot", StringComparison.Ordinal) && v.Contains("\"name\":\"train loss\"", StringComparison.Ordinal));
        Assert.Contains("\"type\":\"scatter\"", curves, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"validation Dice\"", curves, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"learning rate\"", curves, StringComparison.Ordinal);
    }

    [Fact]
    public void The_training_result_shows_as_a_table_of_epochs()
    {
        var table = Assert.Single(Html, v => v.Contains("Training result", StringComparison.Ordinal));
        Assert.Contains("<th>Epoch</th><th>Train loss</th>", table, StringComparison.Ordinal);
        Assert.Contains("<th>Validation Dice</th>", table, StringComparison.Ordinal);
        Assert.Contains("<td>Outcome</td><td>Completed</td>", table, StringComparison.Ordinal);
    }

    [Fact]
    public void The_network_table_counts_the_original_locators_parameters()
    {
        // The original's VNet with num_layers 1 has 10,759,306 trainable parameters (docs/original-pipeline.md).
        Assert.Contains(Html, v => v.Contains("<th>Parameters</th>", StringComparison.Ordinal) && v.Contains("<td>10759306</td>", StringComparison.Ordinal));
    }

    [Fact]
    public void The_locator_output_is_drawn_over_the_validation_case()
    {
        Assert.Contains(Html, v => v.Contains("locator probability", StringComparison.Ordinal)
            && v.Contains("\"type\":\"heatmap\"", StringComparison.Ordinal) && v.Contains("\"type\":\"contour\"", StringComparison.Ordinal));
    }

    [Fact]
    public void The_training_curves_render_to_a_drawn_png()
    {
        // Rendered by Chromium as an editor would draw it.
        NotebookFigures.RenderDrawn(run, "\"name\":\"validation Dice\"", "02-locator-training-curves", minNonBackground: 0.03);
    }
}
