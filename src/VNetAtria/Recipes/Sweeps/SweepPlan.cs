using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Results;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>
/// A sweep written to its folder, ready to run: <c>sweep.json</c> (the task graph) and <c>configs/&lt;task&gt;.json</c>
/// (each run's complete config, exactly what its run folder's config.json will hold). Every executor (local, Slurm,
/// notebook) and every task reads the sweep from here, so the folder must be visible wherever a task runs.
/// <code>
/// &lt;sweep&gt;/sweep.json  configs/  logs/&lt;task&gt;.out  state/&lt;task&gt;.json  slurm/
/// &lt;sweep&gt;/locator/         the shared locator run (unless a trained one is reused)
/// &lt;sweep&gt;/&lt;name&gt;/          one ordinary run folder per segmenter
/// &lt;sweep&gt;/results.md  results.csv  report.html
/// </code>
/// </summary>
public sealed class SweepPlan
{
    /// <summary>The version of sweep.json this code writes and reads.</summary>
    public const int FormatVersion = 1;

    private SweepPlan(string folder, PlanFile file)
    {
        Folder = folder;
        _file = file;
        Locator = file.Locator is { } l ? new SweepTask(SweepNames.Locator, SweepTaskKind.Locator, -1, l.RunFolder) : null;
        Segmenters = file.Segmenters.Select((s, i) => new SweepTask(s.Name, SweepTaskKind.Segmenter, i, s.RunFolder)).ToList();
        Report = new SweepTask(SweepNames.Report, SweepTaskKind.Report, -1, null);
    }

    private readonly PlanFile _file;

    /// <summary>The sweep folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>The sweep's short name (Slurm job names).</summary>
    public string Name => _file.Name;

    /// <summary>The locator task, or null when no run uses a locator.</summary>
    public SweepTask? Locator { get; }

    /// <summary>True when the sweep trains its locator; false when it reuses a trained run (or has none).</summary>
    public bool TrainsLocator => _file.Locator?.Trains ?? false;

    /// <summary>The segmenter runs, in order (index = Slurm array index).</summary>
    public IReadOnlyList<SweepTask> Segmenters { get; }

    /// <summary>The report task.</summary>
    public SweepTask Report { get; }

    /// <summary>Every task in dependency order: locator, segmenters, report.</summary>
    public IEnumerable<SweepTask> Tasks => (Locator is null ? [] : new[] { Locator }).Concat(Segmenters).Append(Report);

    /// <summary>
    /// How a task starts vnet-atria: the executable (and for a .dll, the dotnet host first), recorded when the sweep was
    /// planned from the CLI; null when planned from a notebook (then the executor is told).
    /// </summary>
    public IReadOnlyList<string>? Cli => _file.Cli;

    /// <summary>The tool that wrote the plan ("vnet-atria 0.1.0", or "VNetAtria 0.1.0" from the library).</summary>
    public string Tool => _file.Tool;

    /// <summary>The plan file.</summary>
    public string PlanPath => Path.Combine(Folder, SweepNames.PlanFile);

    /// <summary>The task's resolved config file (configs/&lt;task&gt;.json); null for the report and a reused locator.</summary>
    public string? ConfigFile(SweepTask task) => task.Kind switch
    {
        SweepTaskKind.Segmenter => Path.Combine(Folder, SweepNames.ConfigsFolder, task.Name + ".json"),
        SweepTaskKind.Locator when TrainsLocator => Path.Combine(Folder, SweepNames.ConfigsFolder, SweepNames.Locator + ".json"),
        _ => null,
    };

    /// <summary>The task's config (read from configs/); null for the report and a reused locator.</summary>
    public ExperimentConfig? LoadConfig(SweepTask task) => ConfigFile(task) is { } f ? ExperimentConfigLoader.Load(f) : null;

    /// <summary>What the task printed (stdout and stderr, every attempt appended): logs/&lt;LogName&gt;.out.</summary>
    public string LogFile(SweepTask task) => Path.Combine(Folder, SweepNames.LogsFolder, task.LogName + ".out");

    /// <summary>The task's last state, written by the task itself: state/&lt;task&gt;.json.</summary>
    public string StateFile(SweepTask task) => Path.Combine(Folder, SweepNames.StateFolder, task.Name + ".json");

    /// <summary>The task named <paramref name="name"/> ("locator", "report" or a segmenter's name).</summary>
    /// <exception cref="ArgumentException">No such task; the message lists them.</exception>
    public SweepTask Task(string name) =>
        Tasks.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"sweep {Folder} has no task '{name}'; its tasks are {string.Join(", ", Tasks.Select(t => t.Name))}.", nameof(name));

    /// <summary>The segmenter at array index <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentException">Out of range.</exception>
    public SweepTask Segmenter(int index) =>
        index >= 0 && index < Segmenters.Count ? Segmenters[index]
            : throw new ArgumentException($"sweep {Folder} has segmenters 0 to {Segmenters.Count - 1}; there is no index {index}.", nameof(index));

    /// <summary>This plan recording how tasks start vnet-atria (<see cref="Cli"/>), saved.</summary>
    public SweepPlan WithCli(IReadOnlyList<string> cli)
    {
        var plan = new SweepPlan(Folder, _file with { Cli = [.. cli] });
        plan.Save();
        return plan;
    }

    /// <summary>
    /// Writes <paramref name="definition"/> to its folder (sweep.json, configs/) and returns the plan. Rewriting an
    /// existing sweep is how a sweep is extended or changed: finished runs whose config is unchanged are skipped when it
    /// runs again, changed ones retrain.
    /// </summary>
    /// <param name="definition">The sweep.</param>
    /// <param name="tool">The tool name recorded in sweep.json.</param>
    /// <param name="cli">How tasks start vnet-atria (see <see cref="Cli"/>), or null.</param>
    /// <exception cref="ExperimentConfigException">A run name that cannot be a folder or is taken, or an invalid config.</exception>
    public static SweepPlan Write(SweepDefinition definition, string? tool = null, IReadOnlyList<string>? cli = null)
    {
        var plan = Preview(definition, tool, cli);
        var configs = Path.Combine(plan.Folder, SweepNames.ConfigsFolder);
        Directory.CreateDirectory(configs);
        foreach (var e in definition.Experiments)
            AtomicFile.WriteAllText(Path.Combine(configs, e.Name + ".json"), e.Config.ToJson());
        if (definition.Locator?.Config is { } locatorConfig)
            AtomicFile.WriteAllText(Path.Combine(configs, SweepNames.Locator + ".json"), locatorConfig.ToJson());
        plan.Save();
        return plan;
    }

    /// <summary>
    /// The plan <see cref="Write"/> would write, validated but not written (for dry runs: task names, folders and
    /// scripts are those of the real sweep; its configs cannot be read back until it is written).
    /// </summary>
    /// <exception cref="ExperimentConfigException">As <see cref="Write"/>.</exception>
    public static SweepPlan Preview(SweepDefinition definition, string? tool = null, IReadOnlyList<string>? cli = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        foreach (var e in definition.Experiments)
        {
            if (SweepNames.Problem(e.Name) is { } p) problems.Add($"run '{e.Name}': {p}");
            if (e.Config.Name != e.Name) problems.Add($"run '{e.Name}': its config is named '{e.Config.Name}'; a run's config carries the run's name");
            problems.AddRange(e.Config.Validate().Select(v => $"run '{e.Name}': {v}"));
        }
        foreach (var d in definition.Experiments.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"run '{d.Key}' appears {d.Count()} times; every run needs its own name");
        if (definition.Experiments.Count == 0) problems.Add("the sweep has no segmenter run");
        if (definition.Locator?.Config is { } lc) problems.AddRange(lc.Validate().Select(v => $"locator: {v}"));
        if (definition.Experiments.Any(e => e.Config.Locator.Enabled) && definition.Locator is null)
            problems.Add("the runs use a locator but the sweep has none");
        if (problems.Count > 0) throw new ExperimentConfigException(definition.Folder, problems);

        var folder = Path.GetFullPath(definition.Folder);
        var file = new PlanFile
        {
            FormatVersion = FormatVersion,
            Name = definition.Name,
            Tool = tool ?? $"VNetAtria {typeof(SweepPlan).Assembly.GetName().Version?.ToString(3) ?? "?"}",
            Written = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Cli = cli is null ? null : [.. cli],
            Locator = definition.Locator is { } l ? new PlanLocator { RunFolder = Path.GetFullPath(l.RunFolder), Trains = l.Trains } : null,
            Segmenters = [.. definition.Experiments.Select(e => new PlanSegmenter { Name = e.Name, RunFolder = Path.Combine(folder, e.Name) })],
        };
        return new SweepPlan(folder, file);
    }

    /// <summary>Reads the sweep in <paramref name="folder"/>.</summary>
    /// <exception cref="RunFolderException">No sweep.json there (with what to do), or not a sweep file this version reads.</exception>
    public static SweepPlan Load(string folder)
    {
        var full = Path.GetFullPath(folder);
        var path = Path.Combine(full, SweepNames.PlanFile);
        if (!File.Exists(path))
            throw new RunFolderException(Directory.Exists(full)
                ? $"{full} holds no {SweepNames.PlanFile}; plan the sweep first (`vnet-atria sweep plan ... --out {folder}`)."
                : $"Sweep folder {full} does not exist{(Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { } job ? $" on {Environment.MachineName} (Slurm job {job})" : "")}; " +
                  "a sweep folder must be on a filesystem every node mounts (docs/sweeps.md), and planned with `vnet-atria sweep plan`.");
        PlanFile? file;
        try { file = JsonSerializer.Deserialize<PlanFile>(File.ReadAllText(path), JsonOptions); }
        catch (JsonException e) { throw new RunFolderException($"{path}: not a valid sweep plan ({e.Message}); plan the sweep again.", e); }
        if (file is null || file.FormatVersion != FormatVersion)
            throw new RunFolderException($"{path}: sweep plan format {file?.FormatVersion} is not supported (this version reads {FormatVersion}); plan the sweep again.");
        return new SweepPlan(full, file);
    }

    private void Save() => AtomicFile.WriteAllText(PlanPath, JsonSerializer.Serialize(_file, JsonOptions).ReplaceLineEndings("\n") + "\n");

    internal static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private sealed record PlanFile
    {
        public int FormatVersion { get; init; }
        public string Name { get; init; } = "";
        public string Tool { get; init; } = "";
        public string Written { get; init; } = "";
        public List<string>? Cli { get; init; }
        public PlanLocator? Locator { get; init; }
        public List<PlanSegmenter> Segmenters { get; init; } = [];
    }

    private sealed record PlanLocator
    {
        public string RunFolder { get; init; } = "";
        public bool Trains { get; init; }
    }

    private sealed record PlanSegmenter
    {
        public string Name { get; init; } = "";
        public string RunFolder { get; init; } = "";
    }
}
