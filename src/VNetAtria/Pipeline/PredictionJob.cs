using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Results;
using VNetAtria.Runtime;

namespace VNetAtria.Pipeline;

/// <summary>
/// <c>vnet-atria predict</c>'s work: a trained run's predictor on one image file or a folder of cases, writing each
/// label to the output folder and summarising each case. The verb parses, opens a job, runs it and renders the summaries.
/// </summary>
public sealed class PredictionJob : IDisposable
{
    private readonly RunPredictor _predictor;

    private PredictionJob(RunPredictor predictor, string source)
    {
        _predictor = predictor;
        Source = source;
    }

    /// <summary>The image file or folder of cases, as given.</summary>
    public string Source { get; }

    /// <summary>True when <see cref="Source"/> is a folder of cases (several predictions, with progress), false for one file.</summary>
    public bool IsFolder => !File.Exists(Source);

    /// <summary>
    /// Checks the input, then loads the run in <paramref name="runFolder"/> (its config.json, checkpoints and artefacts)
    /// on <paramref name="device"/> (auto, cpu, cuda, cuda:N; null: the run's configured device).
    /// </summary>
    /// <exception cref="FileNotFoundException">No such input file or folder.</exception>
    /// <exception cref="RunFolderException">The run lacks config.json or another artefact (names the command that makes it).</exception>
    public static PredictionJob Open(string runFolder, string source, string? device = null)
    {
        if (!File.Exists(source) && !Directory.Exists(source))
            throw new FileNotFoundException($"Input {source} does not exist; give an image file or a folder of cases.");
        TorchRuntime.EnsureAvailable();
        var configPath = Path.Combine(runFolder, RunFolder.ConfigFileName);
        RunFolder.Require(configPath, $"vnet-atria train --config <config> --out {runFolder}");
        var config = ExperimentConfigLoader.Load(configPath);
        var resolved = TorchRuntime.ResolveDevice(device ?? config.Device);
        return new PredictionJob(RunPredictor.Load(runFolder, resolved, config), source);
    }

    /// <summary>
    /// Predicts into <paramref name="outputFolder"/> (created): the one file under its case id
    /// (<see cref="PredictionInputs.ForFile"/>), or every case of the folder (<see cref="Predictor.PredictFolder"/>),
    /// reporting each finished case to <paramref name="progress"/> as stage "predicting".
    /// </summary>
    public IReadOnlyList<PredictionCaseSummary> Run(string outputFolder, IProgress<WorkProgress>? progress = null)
    {
        var predictor = _predictor.Predictor;
        Directory.CreateDirectory(outputFolder);
        if (!IsFolder)
        {
            var input = PredictionInputs.ForFile(Source);
            var outPath = PredictionInputs.OutputPath(outputFolder, input);
            var r = predictor.PredictFile(Source, outPath, input.CaseId);
            return [new PredictionCaseSummary(input.CaseId, Source, outPath, r.TotalMilliseconds, r.Mode, r.Window, r.Flags, r.ForegroundVoxels, r.Warnings)];
        }
        var count = PredictionInputs.Find(Source).Count;
        var done = 0;
        return predictor.PredictFolder(Source, outputFolder, new Sink(s => progress?.Report(new WorkProgress("predicting", ++done, count, s.CaseId)))).ToList();
    }

    /// <inheritdoc />
    public void Dispose() => _predictor.Dispose();

    private sealed class Sink(Action<PredictionCaseSummary> report) : IProgress<PredictionCaseSummary>
    {
        public void Report(PredictionCaseSummary value) => report(value);
    }
}
