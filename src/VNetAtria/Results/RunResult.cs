using VNetAtria.Metrics;
using VNetAtria.Experiments;

namespace VNetAtria.Results;

/// <summary>
/// A finished run as the results table needs it: its config, its summary (parameters, training time, epochs, device)
/// and the per-case metrics of its evaluated stage.
/// </summary>
/// <param name="Config">The run's complete config.</param>
/// <param name="Summary">The run's figures.</param>
/// <param name="Cases">Per-case metrics of the validation cases.</param>
public sealed record RunResult(ExperimentConfig Config, RunSummary Summary, IReadOnlyList<CaseMetrics> Cases)
{
    /// <summary>
    /// Reads runs/&lt;name&gt;/: config.json (the run's resolved config), run-summary.json and metrics.csv.
    /// </summary>
    /// <exception cref="RunFolderException">The folder or a file is missing (every missing file is named), or a file cannot be read.</exception>
    public static RunResult Load(string runFolder)
    {
        var folder = Path.GetFullPath(runFolder);
        if (!Directory.Exists(folder))
            throw new RunFolderException($"Run folder '{folder}' does not exist; pass the folder of a finished run (runs/<name>).");
        var files = new (string Name, string Writer)[]
        {
            (RunFolder.ConfigFileName, "written when the run starts"),
            (RunFolder.SummaryFileName, "written when training ends"),
            (RunFolder.MetricsFileName, "written by the evaluation"),
        };
        var missing = files.Where(f => !File.Exists(Path.Combine(folder, f.Name))).ToList();
        if (missing.Count > 0)
            throw new RunFolderException(
                $"Run folder '{folder}' is incomplete: missing {string.Join(", ", missing.Select(m => $"{m.Name} ({m.Writer})"))}. " +
                "Finish the run (train, then evaluate) or point at another folder.");

        ExperimentConfig config;
        try { config = ExperimentConfigLoader.Load(Path.Combine(folder, RunFolder.ConfigFileName)); }
        catch (ExperimentConfigException e) { throw new RunFolderException(e.Message, e); }
        var summary = RunSummary.Parse(File.ReadAllText(Path.Combine(folder, RunFolder.SummaryFileName)), Path.Combine(folder, RunFolder.SummaryFileName));
        IReadOnlyList<CaseMetrics> cases;
        try { cases = MetricsCsvReader.Read(Path.Combine(folder, RunFolder.MetricsFileName)); }
        catch (FormatException e) { throw new RunFolderException(e.Message, e); }
        if (cases.Count == 0)
            throw new RunFolderException($"{Path.Combine(folder, RunFolder.MetricsFileName)}: no cases; re-run the evaluation.");
        return new RunResult(config, summary, cases);
    }
}
