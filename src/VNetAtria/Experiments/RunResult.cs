using VNetAtria.Metrics;

namespace VNetAtria.Experiments;

/// <summary>
/// A finished run as the results table needs it: its config, its summary (parameters, training time, epochs, device)
/// and the per-case metrics of its evaluated stage.
/// </summary>
/// <param name="Config">The run's complete config.</param>
/// <param name="Summary">The run's figures.</param>
/// <param name="Cases">Per-case metrics of the validation cases.</param>
public sealed record RunResult(ExperimentConfig Config, RunSummary Summary, IReadOnlyList<CaseMetrics> Cases)
{
    /// <summary>The config file inside a run folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The per-case metrics file inside a run folder.</summary>
    public const string MetricsFileName = "metrics.csv";

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
            (ConfigFileName, "written when the run starts"),
            (RunSummary.FileName, "written when training ends"),
            (MetricsFileName, "written by the evaluation"),
        };
        var missing = files.Where(f => !File.Exists(Path.Combine(folder, f.Name))).ToList();
        if (missing.Count > 0)
            throw new RunFolderException(
                $"Run folder '{folder}' is incomplete: missing {string.Join(", ", missing.Select(m => $"{m.Name} ({m.Writer})"))}. " +
                "Finish the run (train, then evaluate) or point at another folder.");

        ExperimentConfig config;
        try { config = ExperimentConfigLoader.Load(Path.Combine(folder, ConfigFileName)); }
        catch (ExperimentConfigException e) { throw new RunFolderException(e.Message, e); }
        var summary = RunSummary.Parse(File.ReadAllText(Path.Combine(folder, RunSummary.FileName)), Path.Combine(folder, RunSummary.FileName));
        IReadOnlyList<CaseMetrics> cases;
        try { cases = MetricsCsvReader.Read(Path.Combine(folder, MetricsFileName)); }
        catch (FormatException e) { throw new RunFolderException(e.Message, e); }
        if (cases.Count == 0)
            throw new RunFolderException($"{Path.Combine(folder, MetricsFileName)}: no cases; re-run the evaluation.");
        return new RunResult(config, summary, cases);
    }
}
