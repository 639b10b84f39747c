using VNetAtria.Pipeline;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Pipeline;

/// <summary>
/// The whole pipeline through the CLI verbs, in-process, on 6 synthetic phantoms with a tiny profile (width 2, two
/// epochs per stage, segmenter at half resolution): train all -> predict -> report. Checks the run folder's files
/// and independent truths (prediction geometry = input geometry, metrics.csv parses, one row per validation case).
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public class PipelineEndToEndTests
{
    internal const string TinyConfig = """
    {
      "name": "tiny",
      "data": { "synthetic": { "profile": "small", "cases": 6, "seed": 3 }, "split": { "seed": 42, "trainFraction": 0.67 } },
      "preprocessing": {
        "canvas": "64x128x128",
        "crop": { "trainingBuffer": [8, 16, 16], "predictionBuffer": [6, 12, 12], "multiple": 32 },
        "segmenterInputScale": 0.5
      },
      "augmentation": { "preset": "on-the-fly" },
      "locator": { "model": { "baseWidth": 2 }, "optimiser": { "lr": 0.001 }, "batchSize": 2, "epochs": 2 },
      "segmenter": { "model": { "baseWidth": 2 }, "optimiser": { "lr": 0.001 }, "batchSize": 2, "epochs": 2 },
      "device": "cpu",
      "threads": 2
    }
    """;

    [Fact]
    public void Train_all_then_predict_and_report_write_a_complete_run_folder_with_predictions_on_the_input_grid()
    {
        var dir = TestPaths.NewTempDir("pipeline-e2e");
        var config = Path.Combine(dir, "tiny.json");
        File.WriteAllText(config, TinyConfig);
        var run = Path.Combine(dir, "run");

        var train = CliRunner.Run("train", "--config", config, "--out", run);
        Assert.True(train.ExitCode == 0, train.ToString());

        foreach (var file in new[] { "config.json", "log.txt", "locator/checkpoint-best.ckpt", "locator/checkpoint-last.ckpt", "locator/history.csv",
                     "crop-plan.json", "crop-recall.csv", "normalisation.json", "segmenter/checkpoint-best.ckpt", "segmenter/history.csv",
                     "metrics.csv", "metrics.json", "run-summary.json", "results.md",
                     "metrics-raw.csv", "metrics-largest-component.csv", "postprocessing.json" })
            Assert.True(File.Exists(Path.Combine(run, file)), $"missing {file}\n{train}");

        // 6 cases, train fraction 0.67 -> 4 train, 2 validation: two predictions, two metric rows.
        var result = RunResult.Load(run);
        Assert.Equal(2, result.Cases.Count);
        Assert.All(result.Cases, m => Assert.InRange(m.Dice, 0, 1));
        Assert.Equal(2, result.Summary.Segmenter!.Epochs);
        Assert.Equal(2, result.Summary.Locator!.Epochs);
        foreach (var m in result.Cases)
        {
            var prediction = VolumeFile.Read(Path.Combine(run, "predictions", m.CaseId + ".nrrd"));
            var input = VolumeFile.Read(Path.Combine(run, "data", m.CaseId, "lgemri.nrrd"));
            Assert.Equal(input.Shape, prediction.Shape);
            Assert.True(prediction.Geometry.ApproximatelyEquals(input.Geometry, 1e-9, 1e-12, 1e-12), $"{prediction.Geometry} vs {input.Geometry}");
        }
        // Both post-processing variants are reported; the largest-component files hold exactly one component (or none)
        // and a subset of the raw prediction's voxels, and metrics.csv is the variant the choice names.
        var choice = PostProcessingChoice.TryRead(Path.Combine(run, "postprocessing.json"))!;
        Assert.Equal("auto", choice.Setting);
        foreach (var m in result.Cases)
        {
            var rawMask = VolumeFile.Read(Path.Combine(run, "predictions", m.CaseId + ".nrrd")).ConvertTo<byte>();
            var largest = VolumeFile.Read(Path.Combine(run, "predictions-largest-component", m.CaseId + ".nrrd")).ConvertTo<byte>();
            Assert.InRange(ConnectedComponents.Label(largest, Connectivity.Faces).Count, 0, 1);
            for (var i = 0; i < largest.Data.Length; i++)
                if (largest.Data[i] != 0) Assert.Equal(rawMask.Data[i], largest.Data[i]);
        }
        var chosenCsv = Path.Combine(run, choice.Chosen ? "metrics-largest-component.csv" : "metrics-raw.csv");
        Assert.Equal(File.ReadAllText(chosenCsv), File.ReadAllText(Path.Combine(run, "metrics.csv")));
        var markdown = File.ReadAllText(Path.Combine(run, "results.md"));
        Assert.Contains("| Architecture", markdown);
        Assert.Contains("tiny", File.ReadAllText(Path.Combine(run, "config.json")));

        // The evaluation stage (in memory) and the evaluate verb (reading the written files back) give the same
        // numbers: the verb on the run's predictions and the validation labels writes the stage's CSV bytes.
        var references = Directory.CreateDirectory(Path.Combine(dir, "validation-labels")).FullName;
        foreach (var m in result.Cases)
            File.Copy(Path.Combine(run, "data", m.CaseId, "laendo.nrrd"), Path.Combine(references, m.CaseId + ".nrrd"));
        foreach (var (folder, stageCsv) in new[] { ("predictions", "metrics-raw.csv"), ("predictions-largest-component", "metrics-largest-component.csv") })
        {
            var verbCsv = Path.Combine(dir, "verb-" + stageCsv);
            var evaluate = CliRunner.Run("evaluate", "--pred", Path.Combine(run, folder), "--ref", references, "--out", verbCsv);
            Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
            Assert.Equal(File.ReadAllText(Path.Combine(run, stageCsv)), File.ReadAllText(verbCsv));
        }

        // predict one file with the run's artefacts: same grid as the input.
        var outDir = Path.Combine(dir, "pred");
        var validationCase = result.Cases[0].CaseId;
        var inputPath = Path.Combine(run, "data", validationCase, "lgemri.nrrd");
        var predict = CliRunner.Run("predict", "--run", run, "--input", inputPath, "--out", outDir);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var written = Directory.GetFiles(outDir, "*.nrrd").Single();
        var again = VolumeFile.Read(written);
        var source = VolumeFile.Read(inputPath);
        Assert.Equal(source.Shape, again.Shape);
        Assert.True(again.Geometry.ApproximatelyEquals(source.Geometry, 1e-9, 1e-12, 1e-12));
        // The same model and input as the run's own validation prediction: the same labels.
        // The same model and input as the run's own validation prediction, with the post-processing chosen on validation.
        var chosenFolder = choice.Chosen ? "predictions-largest-component" : "predictions";
        Assert.Equal(VolumeFile.Read(Path.Combine(run, chosenFolder, validationCase + ".nrrd")).AsBytes().ToArray(), again.AsBytes().ToArray());

        // predict --json on a folder of the validation cases: one JSON document on stdout, progress on stderr, and the
        // document's foreground counts are those of the written files.
        var cases = Path.Combine(dir, "validation-cases");
        foreach (var m in result.Cases)
        {
            Directory.CreateDirectory(Path.Combine(cases, m.CaseId));
            File.Copy(Path.Combine(run, "data", m.CaseId, "lgemri.nrrd"), Path.Combine(cases, m.CaseId, "lgemri.nrrd"));
        }
        var jsonOut = Path.Combine(dir, "pred-json");
        var predictJson = CliRunner.Run("predict", "--run", run, "--input", cases, "--out", jsonOut, "--json");
        Assert.True(predictJson.ExitCode == 0, predictJson.ToString());
        using (var doc = JsonOutputTests.SingleDocument(predictJson))
        {
            var entries = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
            Assert.Equal(result.Cases.Select(m => m.CaseId).Order(StringComparer.Ordinal), entries.Select(e => e.GetProperty("case").GetString()!));
            foreach (var e in entries)
            {
                var output = e.GetProperty("output").GetString()!;
                Assert.Equal(Path.Combine(jsonOut, e.GetProperty("case").GetString() + ".nrrd"), output);
                var labels = VolumeFile.Read(output).ConvertTo<byte>();
                Assert.Equal(labels.Data.LongCount(x => x != 0), e.GetProperty("foregroundVoxels").GetInt64());
                Assert.Equal(3, e.GetProperty("window").GetProperty("size").GetArrayLength());
            }
        }
        Assert.Contains("predicting: 2/2", predictJson.Err);
        Assert.Contains($"Wrote 2 prediction(s) to {jsonOut}", predictJson.Err);

        var csv = Path.Combine(dir, "results.csv");
        var report = CliRunner.Run("report", run, "--csv", csv);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("| Architecture", report.Out);
        Assert.Contains("original", report.Out, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(csv));

        // The segmenter alone from the saved artefacts (crop plan, locator), resumed: nothing left to train, still evaluated later.
        var segmenter = CliRunner.Run("train", "--config", config, "--out", run, "--stage", "segmenter", "--resume");
        Assert.True(segmenter.ExitCode == 0, segmenter.ToString());
        Assert.Contains("resumed", File.ReadAllText(Path.Combine(run, "log.txt")));
    }

    [Fact]
    public void A_config_with_an_unknown_field_is_refused_naming_the_field()
    {
        var dir = TestPaths.NewTempDir("pipeline-badconfig");
        var config = Path.Combine(dir, "bad.json");
        File.WriteAllText(config, TinyConfig.Replace("\"batchSize\": 2, \"epochs\": 2 }", "\"batchSize\": 2, \"epochs\": 2, \"epoch\": 3 }"));
        var result = CliRunner.Run("train", "--config", config, "--out", Path.Combine(dir, "run"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("epoch", result.Err);
        Assert.Contains("unknown field", result.Err);
        Assert.False(File.Exists(Path.Combine(dir, "run", "log.txt")));
    }

    [Fact]
    public void Predicting_with_a_run_that_has_no_trained_segmenter_names_the_missing_file_and_the_command_to_run()
    {
        var dir = TestPaths.NewTempDir("pipeline-missing");
        var run = Path.Combine(dir, "run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "config.json"), TinyConfig);
        var input = CliRunner.HandWrittenNrrd(dir);
        var result = CliRunner.Run("predict", "--run", run, "--input", input, "--out", Path.Combine(dir, "out"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(Path.Combine("segmenter", "checkpoint-best.ckpt"), result.Err);
        Assert.Contains("vnet-atria train", result.Err);
    }

    [Fact]
    public void The_segmenter_stage_alone_without_a_crop_plan_names_crop_plan_json_and_the_locator_command()
    {
        var dir = TestPaths.NewTempDir("pipeline-noplan");
        var config = Path.Combine(dir, "tiny.json");
        File.WriteAllText(config, TinyConfig.Replace("\"cases\": 6", "\"cases\": 4"));
        var result = CliRunner.Run("train", "--config", config, "--out", Path.Combine(dir, "run"), "--stage", "segmenter");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("crop-plan.json", result.Err);
        Assert.Contains("--stage locator", result.Err);
    }

    [Fact]
    public void Report_of_a_folder_without_metrics_names_the_missing_file()
    {
        var dir = TestPaths.NewTempDir("pipeline-report");
        var result = CliRunner.Run("report", dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("config.json", result.Err);
    }
}
