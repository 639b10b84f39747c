using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Plotting.Interactive;
using VNetAtria.Preprocessing;
using VNetAtria.Training;
using TrainingEpoch = VNetAtria.Training.EpochRecord;

namespace VNetAtria.Tests.Plotting;

/// <summary>Formatter registrations are process-wide: these tests run one at a time.</summary>
[Collection(Name)]
public class FormattersTests
{
    public const string Name = "dotnet-interactive formatters";

    public FormattersTests() => VNetAtriaFormatters.Register();

    [Fact]
    public void A_volume_shows_a_summary_table_and_a_chart_of_its_mid_slices()
    {
        var volume = new Volume<byte>(new Shape3(3, 4, 5), geometry: VolumeGeometry.WithSpacingOnly(new Spacing3(2, 1, 1)));
        volume[1, 2, 2] = 255;
        var html = Formatter.ToDisplayString(volume, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<table>", html);
        Assert.Contains("3x4x5", html);
        Assert.Contains("UInt8", html);
        Assert.Contains("0, 255", html); // distinct values of a label map
        Assert.Contains("Plotly.newPlot(", html);
        // The same through the run-time typed interface a file reader returns.
        Assert.Contains("3x4x5", Formatter.ToDisplayString((IVolume)volume.ConvertTo<float>(), VNetAtriaFormatters.HtmlMimeType));
    }

    [Fact]
    public void Case_metrics_and_summaries_show_as_tables_with_one_row_each()
    {
        List<CaseMetrics> cases = [ChartBuilderTests.Case("case<1>", 0.8), ChartBuilderTests.Case("case 2", 0.9)];
        var html = Formatter.ToDisplayString(cases, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<th>Dice</th>", html);
        Assert.Contains("case&lt;1&gt;", html); // encoded, never raw markup
        Assert.Equal(2 + 1, html.Split("<tr>").Length - 1);
        var summaries = MetricSummary.Of(cases);
        var summaryHtml = Formatter.ToDisplayString(summaries, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains($"<th>{System.Net.WebUtility.HtmlEncode("Mean ± std")}</th>", summaryHtml);
        Assert.Equal(summaries.Count + 1, summaryHtml.Split("<tr>").Length - 1);
    }

    [Fact]
    public void A_results_table_shows_the_originals_columns_and_one_row_per_run()
    {
        VNetAtriaFormatters.Register();
        var html = Formatter.ToDisplayString(VNetAtria.Results.OriginalResults.Table, VNetAtriaFormatters.HtmlMimeType);
        foreach (var column in new[] { "Architecture", "Params", "Training time", "Loss", "Batch", "LR", "HD (mm)", "IoU", "Precision", "Recall", "Dice" })
            Assert.Contains($"<th>{System.Net.WebUtility.HtmlEncode(column)}</th>", html);
        // The original's seven published rows (the README's table), plus the header row.
        Assert.Equal(7 + 1, html.Split("<tr>").Length - 1);
        Assert.Contains("0.877", html);
    }

    [Fact]
    public void A_data_frame_shows_as_a_table_capped_at_the_row_limit()
    {
        var frame = new DataFrame(new Int32DataFrameColumn("n", Enumerable.Range(0, 150)), new DoubleDataFrameColumn("x", Enumerable.Range(0, 150).Select(i => i / 3.0)));
        var html = Formatter.ToDisplayString(frame, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<th>n</th><th>x</th>", html);
        Assert.Contains("<td>0.3333</td>", html);
        Assert.Contains("100 of 150 rows", html);
        Assert.Equal(100 + 1, html.Split("<tr>").Length - 1);
        var results = new VNetAtria.Results.ResultsTable(VNetAtria.Results.OriginalResults.Rows).ToDisplayDataFrame();
        Assert.Contains("<th>HD95 (mm)</th>", Formatter.ToDisplayString(results, VNetAtriaFormatters.HtmlMimeType));
    }

    private static List<TrainingEpoch> History() =>
    [
        new(1, 0.9, 0.9, double.NaN, double.NaN, double.NaN, 1e-3, 1, 2.5, 0),
        new(2, 0.7, 0.7, 0.8, 0.8, 0.25, 1e-3, 1, 2.5, 0),
        new(3, 0.5, 0.5, 0.6, 0.6, 0.5, 8.5e-4, 1, 2.5, 0),
    ];

    [Fact]
    public void A_training_history_shows_one_row_per_epoch_and_its_curves()
    {
        var html = Formatter.ToDisplayString(History(), VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<th>Epoch</th><th>Train loss</th><th>Train Dice loss</th><th>Validation loss</th><th>Validation Dice loss</th><th>Validation Dice</th><th>Learning rate</th><th>Alpha</th><th>Seconds</th>", html);
        Assert.Equal(3 + 1, html.Split("<tr>").Length - 1);
        // Epoch 1 was not validated: its validation cells are empty, not NaN.
        Assert.Contains("<tr><td>1</td><td>0.9</td><td>0.9</td><td></td><td></td><td></td>", html);
        Assert.DoesNotContain("NaN", html);
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Contains("\"type\":\"scatter\"", html);
        Assert.Contains("validation Dice", html);
        // A Dice-only run's alpha is constantly 1: no alpha curve.
        Assert.DoesNotContain("\"name\":\"alpha\"", html);
    }

    [Fact]
    public void A_training_result_shows_its_outcome_and_best_epoch_above_the_history_table()
    {
        var result = new TrainingResult(TrainingOutcome.Completed, 3, 0, 0.5, 3, History());
        var html = Formatter.ToDisplayString(result, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<td>Outcome</td><td>Completed</td>", html);
        Assert.Contains("<td>Best validation Dice</td><td>0.5000</td>", html);
        Assert.Contains("<td>Best epoch</td><td>3</td>", html);
        Assert.Contains("<td>Training time (s)</td><td>7.5</td>", html);
        Assert.Contains("<th>Validation Dice</th>", html);
        Assert.Equal(5 + 3 + 2, html.Split("<tr>").Length - 1); // summary rows, epochs, two header rows
        // The curves come with the history itself (result.History), not twice in a notebook that draws them.
        Assert.DoesNotContain("Plotly.newPlot(", html);
    }

    private static CropPlan Plan()
    {
        var patch = new Shape3(32, 64, 64);
        return new CropPlan
        {
            Options = new CropPlanOptions { Canvas = new Shape3(64, 128, 128) },
            LargestExtent = new Index3(20, 40, 44),
            PatchSize = patch,
            MeanCentre = [30, 60, 62],
            Cases =
            [
                new CaseCropPlan("case<1>", new Box3(new Index3(5, 10, 10), new Shape3(10, 10, 11)), new Box3(new Index3(10, 40, 40), new Shape3(20, 40, 44)),
                    new Box3(new Index3(4, 28, 30), patch), false, false, false, false, null),
                new CaseCropPlan("case2", null, null, new Box3(new Index3(14, 28, 30), patch), true, false, false, false, "Case 'case2': the locator found nothing."),
            ],
            Warnings = ["The locator found nothing in 1 of 2 training cases."],
        };
    }

    [Fact]
    public void A_crop_plan_shows_its_patch_size_and_one_row_per_case_with_its_window()
    {
        var html = Formatter.ToDisplayString(Plan(), VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<td>Patch size (D, H, W)</td><td>32x64x64</td>", html);
        Assert.Contains("<td>Training buffer</td><td>(35, 35, 35)</td>", html); // the original's defaults
        Assert.Contains("<td>Prediction buffer</td><td>(30, 30, 30)</td>", html);
        Assert.Contains("<td>Warning</td><td>The locator found nothing in 1 of 2 training cases.</td>", html);
        Assert.Contains("<th>Case</th><th>Locator box</th><th>Full box</th><th>Window</th><th>Fallback</th>", html);
        // Window (4, 28, 30) + 32x64x64 as [start:end) per axis.
        Assert.Contains("<td>case&lt;1&gt;</td><td>[5:15, 10:20, 10:21]</td><td>[10:30, 40:80, 40:84]</td><td>[4:36, 28:92, 30:94]</td><td>False</td>", html);
        Assert.Contains("<td>case2</td><td>none</td><td>none</td><td>[14:46, 28:92, 30:94]</td><td>True</td>", html);
        Assert.DoesNotContain("<th>Recall</th>", html); // unknown without labels
    }

    [Fact]
    public void A_crop_plan_with_recall_adds_each_cases_recall_and_recall_lists_show_as_tables()
    {
        List<CropRecall> recall = [new("case<1>", 100, 100, 1.0), new("case2", 200, 150, 0.75)];
        var html = VNetAtriaFormatters.CropPlanHtml(Plan(), recall);
        Assert.Contains("<th>Buffer short</th><th>Recall</th>", html);
        Assert.Contains("<td>False</td><td>0.75</td></tr>", html);
        var recallHtml = Formatter.ToDisplayString(recall, VNetAtriaFormatters.HtmlMimeType);
        Assert.Contains("<th>Case</th><th>Label voxels</th><th>Inside voxels</th><th>Recall</th><th>Cuts atrium</th>", recallHtml);
        Assert.Contains("<td>case2</td><td>200</td><td>150</td><td>0.75</td><td>True</td>", recallHtml);
    }
}
