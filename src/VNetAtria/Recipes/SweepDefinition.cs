using VNetAtria.Experiments;
using VNetAtria.Training;

namespace VNetAtria.Recipes;

/// <summary>
/// The locator stage every segmenter of a sweep reuses: the locator, its crop plan and (for synthetic data) the cohort,
/// in one run folder.
/// </summary>
/// <param name="RunFolder">The locator's run folder (absolute).</param>
/// <param name="Config">The config the sweep trains it with (<c>train --stage locator</c>); null when the sweep reuses
/// a locator trained before (<c>--locator RUN</c>, or notebook 02's) and trains nothing.</param>
public sealed record SweepLocator(string RunFolder, ExperimentConfig? Config)
{
    /// <summary>True when the sweep trains this locator; false when it reuses a trained one.</summary>
    public bool Trains => Config is not null;

    /// <summary>The locator's config: the one the sweep trains with, else the reused run's config.json (null when it has none).</summary>
    public ExperimentConfig? EffectiveConfig =>
        Config ?? (File.Exists(Path.Combine(RunFolder, Results.RunFolder.ConfigFileName)) ? ExperimentConfigLoader.Load(Path.Combine(RunFolder, Results.RunFolder.ConfigFileName)) : null);

    /// <summary>The synthetic cohort generated in the locator's run folder (which segmenters with the same data read), or null for real data.</summary>
    public string? SyntheticData => EffectiveConfig?.Data.Synthetic is not null ? Path.Combine(RunFolder, "data") : null;
}

/// <summary>One segmenter run of a sweep: <c>&lt;sweep&gt;/&lt;Name&gt;</c>, an ordinary run folder (<c>vnet-atria train</c> layout).</summary>
/// <param name="Name">The run's name (its config's name and folder name).</param>
/// <param name="Config">Its complete config, already pointing at the sweep's locator and data.</param>
public sealed record SweepExperiment(string Name, ExperimentConfig Config);

/// <summary>
/// A sweep: one shared locator stage (locator, crop plan and the data, trained once), then N segmenter runs that reuse
/// it, each an ordinary run folder, then a report (the results table beside the original's published rows). Built from
/// a list of config files (<see cref="FromConfigs"/>), from a base config and a grid of overrides (<see cref="FromGrid"/>),
/// or by notebook 06's <see cref="AblationGrid.Sweep(SweepGrid)"/>; run by <see cref="Sweeps.SweepPlan"/> and its executors.
/// </summary>
public sealed record SweepDefinition
{
    /// <summary>The sweep folder (absolute): sweep.json, configs/, logs/, state/, the locator and one folder per run.</summary>
    public required string Folder { get; init; }

    /// <summary>A short name for the sweep (Slurm job names); defaults to the folder's name.</summary>
    public required string Name { get; init; }

    /// <summary>The shared locator stage, or null when no segmenter uses a locator (UA-MT h5 data is already cropped).</summary>
    public SweepLocator? Locator { get; init; }

    /// <summary>The segmenter runs, in order.</summary>
    public required IReadOnlyList<SweepExperiment> Experiments { get; init; }

    /// <summary>
    /// A sweep from config files (e.g. the files of configs/original): a config whose segmenter is disabled is the
    /// locator stage (at most one); every other config is a segmenter run named after its config. Without a locator
    /// config, <paramref name="locatorRun"/> names a trained run to reuse (else the segmenters' common
    /// <c>locator.pretrained</c>, when that run is trained). Segmenters whose data section equals the locator's read
    /// the locator's cases (for synthetic data, the cohort generated in its run folder).
    /// </summary>
    /// <param name="folder">The sweep folder.</param>
    /// <param name="configs">Each config with the file it came from (named in errors).</param>
    /// <param name="locatorRun">A trained locator run to reuse instead of training one, or null.</param>
    /// <exception cref="ExperimentConfigException">Two locator configs, duplicate or reserved run names, no segmenter, or no locator to use.</exception>
    public static SweepDefinition FromConfigs(string folder, IEnumerable<(string Source, ExperimentConfig Config)> configs, string? locatorRun = null)
    {
        var full = Path.GetFullPath(folder);
        var all = configs.Select(c => (c.Source, Config: Absolute(c.Config))).ToList();
        var locators = all.Where(c => !c.Config.Segmenter.Enabled).ToList();
        var segmenters = all.Where(c => c.Config.Segmenter.Enabled).ToList();
        var problems = new List<string>();
        if (locators.Count > 1)
            problems.Add($"{locators.Count} locator configs (segmenter.enabled false): {string.Join(", ", locators.Select(l => l.Source))}; a sweep trains one locator, give one");
        if (segmenters.Count == 0)
            problems.Add("no segmenter config (every config given has segmenter.enabled false); give the configs of the runs to compare");
        foreach (var d in segmenters.GroupBy(s => s.Config.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"run name '{d.Key}' is used by {string.Join(" and ", d.Select(s => s.Source))}; every run needs its own name (--set name=... per file is not possible: rename one)");
        foreach (var s in segmenters)
            if (SweepNames.Problem(s.Config.Name) is { } p) problems.Add($"{s.Source}: {p}");
        if (locators.Count == 1 && locatorRun is not null)
            problems.Add($"both a locator config ({locators[0].Source}) and --locator {locatorRun} were given; keep one");
        if (problems.Count > 0) throw new ExperimentConfigException("sweep", problems);

        SweepLocator? locator = null;
        if (segmenters.Any(s => s.Config.Locator.Enabled))
        {
            if (locators.Count == 1)
                locator = new SweepLocator(Path.Combine(full, SweepNames.Locator), locators[0].Config with { Locator = locators[0].Config.Locator with { Pretrained = null } });
            else
            {
                var reuse = locatorRun ?? CommonPretrained(segmenters.Select(s => s.Config));
                if (reuse is null)
                    throw new ExperimentConfigException("sweep", ["the segmenters use a locator, but none was given: add a locator config " +
                        "(segmenter.enabled false, e.g. configs/original/01-locator.json) or name a trained run with --locator RUN"]);
                locator = Reused(reuse);
            }
        }
        return new SweepDefinition
        {
            Folder = full,
            Name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)),
            Locator = locator,
            Experiments = segmenters.Select(s => new SweepExperiment(s.Config.Name, Shared(s.Config, locator, s.Source))).ToList(),
        };
    }

    /// <summary>
    /// A sweep from a base config and a grid: each entry is the base with its name, the shared locator and data, its
    /// overrides, then the grid's common overrides. The locator stage trains the base's locator
    /// (<c>locator.pretrained</c> cleared), unless <paramref name="locatorRun"/> names a trained run to reuse.
    /// </summary>
    /// <exception cref="ExperimentConfigException">A bad grid or an override that does not fit the config.</exception>
    public static SweepDefinition FromGrid(string folder, ExperimentConfig baseConfig, SweepGrid grid, string? locatorRun = null)
    {
        var full = Path.GetFullPath(folder);
        if (grid.Problems() is { Count: > 0 } problems) throw new ExperimentConfigException("grid", problems);
        var config = Absolute(baseConfig);
        SweepLocator? locator = null;
        if (config.Locator.Enabled)
            locator = locatorRun is not null
                ? Reused(locatorRun)
                : new SweepLocator(Path.Combine(full, SweepNames.Locator), Override(config, [$"name={config.Name}-locator", "locator.pretrained=null"], "base config"));
        return new SweepDefinition
        {
            Folder = full,
            Name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)),
            Locator = locator,
            Experiments = grid.Experiments.Select(e => new SweepExperiment(e.Name,
                Override(config, [$"name={e.Name}", .. SharedOverrides(locator), .. e.Overrides, .. grid.Common], $"grid experiment '{e.Name}'"))).ToList(),
        };
    }

    /// <summary>
    /// The overrides that make a run use the sweep's locator: <c>locator.pretrained</c> set to its run folder and, when
    /// the locator generated a synthetic cohort, <c>data.root</c> set to that cohort (so the phantoms are written once
    /// and every run plans the same crops from the same cases). Empty without a locator.
    /// </summary>
    public static IReadOnlyList<string> SharedOverrides(SweepLocator? locator)
    {
        if (locator is null) return [];
        var overrides = new List<string> { $"locator.pretrained={locator.RunFolder}" };
        if (locator.SyntheticData is { } data) overrides.AddRange([$"data.root={data}", "data.synthetic=null", "data.layout=lasc"]);
        return overrides;
    }

    /// <summary><paramref name="config"/> with <c>key=value</c> overrides applied (as the CLI's --set).</summary>
    /// <exception cref="ExperimentConfigException">An override names an unknown field or gives a bad value.</exception>
    public static ExperimentConfig Override(ExperimentConfig config, IEnumerable<string> overrides, string source) =>
        ExperimentConfigLoader.Parse(config.ToJson(), source, overrides);

    /// <summary>The config with every path (data root, manifest, split lists, pretrained models) made absolute against the current directory.</summary>
    public static ExperimentConfig Absolute(ExperimentConfig config)
    {
        static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);
        var data = config.Data;
        return config with
        {
            Data = data with
            {
                Root = Full(data.Root),
                Manifest = Full(data.Manifest),
                Split = data.Split with { TrainList = Full(data.Split.TrainList), TestList = Full(data.Split.TestList) },
            },
            Locator = config.Locator with { Pretrained = Full(config.Locator.Pretrained) },
            Segmenter = config.Segmenter with { Pretrained = Full(config.Segmenter.Pretrained) },
        };
    }

    /// <summary>Whether two config sections serialise to the same JSON (records holding arrays compare arrays by reference).</summary>
    internal static bool SameJson<T>(T a, T b) =>
        System.Text.Json.JsonSerializer.Serialize(a, ExperimentConfigJson.Options) == System.Text.Json.JsonSerializer.Serialize(b, ExperimentConfigJson.Options);

    private static SweepLocator Reused(string run)
    {
        var full = Path.GetFullPath(run);
        if (!File.Exists(new Results.RunFolder(full).BestCheckpoint(ExperimentStage.Locator)))
            throw new ExperimentConfigException("sweep", [$"locator run {full} holds no trained locator (locator/{TrainerFolder.BestCheckpointName}); train it first " +
                $"(`vnet-atria train --config <config> --stage locator --out {run}`) or give a locator config instead"]);
        return new SweepLocator(full, null);
    }

    private static string? CommonPretrained(IEnumerable<ExperimentConfig> segmenters)
    {
        var named = segmenters.Where(s => s.Locator.Enabled).Select(s => s.Locator.Pretrained).Distinct().ToList();
        return named is [{ } one] && File.Exists(new Results.RunFolder(one).BestCheckpoint(ExperimentStage.Locator)) ? one : null;
    }

    /// <summary>A config from a file, pointed at the sweep's locator; its data is the locator's when the two data sections agree.</summary>
    private static ExperimentConfig Shared(ExperimentConfig config, SweepLocator? locator, string source)
    {
        if (locator is null || !config.Locator.Enabled) return config;
        var sameData = locator.EffectiveConfig is { } l && SameJson(l.Data, config.Data);
        return Override(config, sameData ? SharedOverrides(locator) : [$"locator.pretrained={locator.RunFolder}"], source);
    }
}
