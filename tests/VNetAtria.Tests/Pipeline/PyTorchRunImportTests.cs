using System.Diagnostics;
using System.Runtime.InteropServices;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Pipeline.Stages;
using VNetAtria.Preprocessing;
using VNetAtria.Tests.Cli;
using VNetAtria.Tests.Recipes;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Pipeline;

/// <summary>
/// Checkpoints written by Debian's PyTorch from the original module (tools/pytorch-reference/original_checkpoints.py,
/// the original's checkpoint dicts with numpy mean/std) become a run folder that predicts, evaluates and reports like
/// ours, and whose segmenter gives PyTorch's own probabilities on a case's crop.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public sealed class PyTorchRunImportTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-import");
    // The tiny config's "threads": 1 sets torch's process-wide thread count when the run evaluates in this process;
    // later tests get the count they started with back.
    private readonly int _threads = TorchSharp.torch.get_num_threads();

    public void Dispose()
    {
        TorchSharp.torch.set_num_threads(_threads);
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_originals_checkpoints_import_into_a_run_that_predicts_evaluates_and_reports_with_pytorchs_probabilities()
    {
        var written = RequirePyTorch("write", _dir, "2");
        var parameters = long.Parse(written.Split(' ')[^1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, TinySweep.BaseJson);
        var run = Path.Combine(_dir, "pytorch-run");

        var result = CliRunner.Run("import-pytorch", "--segmenter", Path.Combine(_dir, "segmenter.pt"), "--locator", Path.Combine(_dir, "locator.pt"),
            "--config", config, "--out", run, "--set", "name=pytorch-tiny");

        Assert.True(result.ExitCode == 0, result.ToString());
        // The statistics the original saved with its segmenter (numpy float64 61.25, float32 40.5) normalise the crops.
        var statistics = PreprocessingJson.Read<NormalisationStatistics>(Path.Combine(run, "normalisation.json"));
        Assert.Equal((NormalisationMode.ZScore, 61.25, 40.5), (statistics.Mode, statistics.Mean, statistics.StandardDeviation));
        // An ordinary finished run: its table row has PyTorch's parameter count, the checkpoint's epoch and no training time of ours.
        var imported = RunResult.Load(run);
        var row = ResultsTable.RowOf(imported);
        Assert.Equal(parameters, row.Parameters);
        Assert.Null(row.TrainingTime);
        Assert.Equal(173, imported.Summary.Segmenter!.Epochs);
        Assert.Equal(2, imported.Cases.Count);
        var report = CliRunner.Run("report", run);
        var cells = report.Out.Split('\n').Single(l => l.StartsWith("| pytorch-tiny |", StringComparison.Ordinal)).Split('|').Select(c => c.Trim()).ToList();
        Assert.Equal(("VNet, width 2", ResultsTable.FormatDuration(null)), (cells[2], cells[4]));
        Assert.Contains("| original 2 |", report.Out, StringComparison.Ordinal);

        // The imported segmenter on a validation case's normalised crop gives PyTorch's own probabilities.
        var config2 = ExperimentConfigLoader.Load(Path.Combine(run, "config.json"));
        var folder = new RunFolder(run);
        var data = ExperimentData.Load(config2, folder);
        var validation = data.Validation[0];
        var plan = CropPlan.Load(folder.CropPlan);
        var padded = CanonicalPadding.Apply(data.ReadImage(validation), config2.Preprocessing.CanvasShape!.Value).Padded;
        var crop = IntensityNormalisation.Apply(CropWindows.Crop(padded, plan.Case(validation.CaseId).Window), statistics);
        var input = VolumeResampling.DownscaleImage(crop, new ScaleFactors(0.5, 0.5, 0.5), ImageDownscaleInterpolation.Linear);
        using var model = StageModels.Load(config2.Segmenter.Model, folder.BestCheckpoint(ExperimentStage.Segmenter), TorchSharp.torch.CPU);
        var ours = ModelInference.Probabilities(model, input, TorchSharp.torch.CPU);
        var inputFile = Path.Combine(_dir, "input.f32");
        File.WriteAllBytes(inputFile, MemoryMarshal.AsBytes(input.Data.AsSpan()).ToArray());
        var outputFile = Path.Combine(_dir, "output.f32");
        var s = input.Shape;
        RequirePyTorch("forward", Path.Combine(_dir, "segmenter.pt"), inputFile, $"{s.Depth}", $"{s.Height}", $"{s.Width}", outputFile, "2");
        var theirs = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outputFile)).ToArray();
        Assert.Equal(theirs.Length, ours.Length);
        Assert.True(ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second)) < 1e-5, "the imported segmenter's probabilities differ from PyTorch's");

        // predict writes the case's label with the input's geometry.
        var predictions = Path.Combine(_dir, "predictions");
        var predict = CliRunner.Run("predict", "--run", run, "--input", validation.Record.ImagePath, "--out", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var label = VolumeFile.Read(Directory.GetFiles(predictions).Single());
        Assert.Equal(VolumeFile.Read(validation.Record.ImagePath).Geometry, label.Geometry);
    }

    [Fact]
    public void A_config_that_does_not_describe_the_checkpoints_model_names_the_options_the_file_implies()
    {
        RequirePyTorch("write", _dir, "2");
        var config = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(config, TinySweep.BaseJson);
        var result = CliRunner.Run("import-pytorch", "--segmenter", Path.Combine(_dir, "segmenter.pt"), "--locator", Path.Combine(_dir, "locator.pt"),
            "--config", config, "--out", Path.Combine(_dir, "run"), "--set", "segmenter.model.numLayers=2", "--no-evaluate");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("imply model.numLayers=1, model.attention=false, model.baseWidth=2", result.Err, StringComparison.Ordinal);
    }

    private static string RequirePyTorch(params string[] args)
    {
        if (!File.Exists(Python) || Run(Python, ["-c", "import torch"]).Code != 0)
            Assert.Skip("PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch; .ci/run does).");
        var script = Path.Combine(TestPaths.RepoRoot, "tools", "pytorch-reference", "original_checkpoints.py");
        var (code, output) = Run(Python, [script, .. args]);
        Assert.True(code == 0, output);
        return output;
    }

    private static (int Code, string Output) Run(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result);
    }
}
