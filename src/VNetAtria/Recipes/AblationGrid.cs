using VNetAtria.Experiments;
using VNetAtria.Results;

namespace VNetAtria.Recipes;

/// <summary>
/// The experiment configs of an ablation (notebook 06): several segmenters that differ from one base in a few
/// settings, all trained on the same data and split and all cropping with the same trained locator, as the original
/// did (it trained the locator once and passed its checkpoint to every segmenter run). Each experiment is a run folder
/// <c>&lt;RunFolder&gt;/06-ablations/&lt;name&gt;</c>, so <see cref="ResultsTable"/> and the report read them like any run.
/// <para>
/// Small profile: the base is the training notebooks' pipeline config (<see cref="NotebookSettings.PipelineConfig"/>)
/// and an entry's overrides change it. Full profile: an entry names a file of configs/original (02-vnet-dice ...
/// 07-vnet-layers2-dice), read with the settings' data and device.
/// </para>
/// </summary>
public sealed class AblationGrid
{
    /// <summary>The folder name of the ablation under the notebooks' run folder.</summary>
    public const string FolderName = "06-ablations";

    /// <summary>The run name of the locator the grid trains when it cannot reuse the pipeline's.</summary>
    public const string LocatorRunName = "locator";

    private readonly IReadOnlyList<string> common;

    /// <summary>An ablation with the given settings.</summary>
    /// <param name="settings">The notebook's settings (data, profile, device, seed, run folder).</param>
    /// <param name="commonOverrides"><c>key=value</c> overrides applied to every experiment after its own base (e.g. fewer epochs).</param>
    public AblationGrid(NotebookSettings settings, IEnumerable<string>? commonOverrides = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        common = commonOverrides?.ToList() ?? [];
        _ = IsSmall; // rejects an unknown profile now rather than at the first config
    }

    /// <summary>The notebook's settings.</summary>
    public NotebookSettings Settings { get; }

    /// <summary>The ablation's folder: <c>&lt;RunFolder&gt;/06-ablations</c> (absolute).</summary>
    public string Folder => Path.GetFullPath(Path.Combine(Settings.RunFolder, FolderName));

    /// <summary>The run folder of experiment <paramref name="name"/>.</summary>
    public string RunFolder(string name) => Path.Combine(Folder, name);

    /// <summary>False for UA-MT h5 data, which is already cropped around the atrium: the segmenters see whole volumes.</summary>
    public bool UsesLocator => Settings.DataSource != "uamt-h5";

    /// <summary>
    /// True when the training notebooks' pipeline folder (notebook 02) holds a trained locator (and, for synthetic data,
    /// the cohort it trained on): the grid then reuses it instead of training its own.
    /// </summary>
    public bool PipelineLocatorAvailable =>
        File.Exists(new RunFolder(Settings.PipelineFolder).BestCheckpoint(ExperimentStage.Locator))
        && (Settings.DataSource != "synthetic" || Directory.Exists(Path.Combine(Settings.PipelineFolder, "data")));

    /// <summary>
    /// The run folder whose locator every experiment reuses (<c>locator.pretrained</c>): the pipeline folder when
    /// <see cref="PipelineLocatorAvailable"/> (small profile only: the full profile's locator has the original's
    /// settings), else <c>06-ablations/locator</c>.
    /// </summary>
    public string LocatorFolder => IsSmall && PipelineLocatorAvailable ? Settings.PipelineFolder : RunFolder(LocatorRunName);

    /// <summary>True once <see cref="LocatorFolder"/> holds a trained locator.</summary>
    public bool LocatorTrained => File.Exists(new RunFolder(LocatorFolder).BestCheckpoint(ExperimentStage.Locator));

    /// <summary>
    /// The data folder every experiment reads: for synthetic data the cohort generated in <see cref="LocatorFolder"/>
    /// (so the phantoms are written once, not once per experiment); null for real data (the settings' DataRoot).
    /// </summary>
    public string? SharedSyntheticData => Settings.DataSource == "synthetic" ? Path.Combine(LocatorFolder, "data") : null;

    /// <summary>
    /// The config of the grid's own locator run (<see cref="LocatorRunName"/>): the pipeline config's locator (small
    /// profile) or configs/original/01-locator.json (full profile), with the settings' data, device and seed.
    /// </summary>
    public ExperimentConfig LocatorConfig()
    {
        var name = $"name={FolderName}-{LocatorRunName}";
        return IsSmall
            ? Settings.PipelineConfig([name])
            : ExperimentConfigLoader.Load(OriginalFile("01-locator"), [.. Settings.DataOverrides(), name, "locator.pretrained=null"]);
    }

    /// <summary>
    /// The config of experiment <paramref name="name"/>: the base (small: the pipeline config; full: configs/original/
    /// &lt;name&gt;.json), the shared locator and data, then <paramref name="overrides"/>, then the common overrides.
    /// </summary>
    /// <param name="name">The run's name (a folder name: letters, digits, '-', '_', '.'); for the full profile also the file of configs/original.</param>
    /// <param name="overrides">What this experiment changes (<c>key=value</c>, the CLI's --set syntax).</param>
    public ExperimentConfig Config(string name, IEnumerable<string> overrides)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(overrides);
        var shared = new List<string> { $"name={name}" };
        if (UsesLocator) shared.Add($"locator.pretrained={LocatorFolder}");
        if (SharedSyntheticData is { } data) shared.AddRange([$"data.root={data}", "data.synthetic=null", "data.layout=lasc"]);
        var all = shared.Concat(overrides).Concat(common).ToList();
        if (IsSmall) return Settings.PipelineConfig(all);
        var file = OriginalFile(name);
        if (!File.Exists(file))
            throw new ArgumentException(
                $"The full profile runs configs/original/<name>.json, but {file} does not exist; name an experiment after one of " +
                $"{string.Join(", ", OriginalGrid.Select(e => e.Name))}.", nameof(name));
        return ExperimentConfigLoader.Load(file, [.. Settings.DataOverrides(), .. all]);
    }

    /// <summary>The full profile's grid: the original table's six segmenter rows, configs/original/02 to 07, unchanged.</summary>
    public static IReadOnlyList<(string Name, string[] Overrides)> OriginalGrid { get; } =
    [
        ("02-vnet-dice", []),
        ("03-vnet-hybrid", []),
        ("04-attention-dil3-dice", []),
        ("05-attention-dil4-dice", []),
        ("06-attention-dil4-hybrid", []),
        ("07-vnet-layers2-dice", []),
    ];

    /// <summary>
    /// The small profile's grid (overrides of the pipeline config): the baseline, the Hybrid loss, attention and a
    /// deeper net, each changing one thing. The Hybrid run keeps alpha at 1 for five epochs and then drops it by 0.02 per
    /// epoch: its boundary term needs a network that already segments, and our first small grid, dropping alpha by 0.05
    /// from the first epoch, collapsed to an empty output by epoch 4 (notebook 06 explains it).
    /// </summary>
    public static IReadOnlyList<(string Name, string[] Overrides)> SmallGrid { get; } =
    [
        ("vnet-dice", []),
        ("vnet-hybrid", ["segmenter.loss.kind=hybrid", "segmenter.loss.alpha.startEpoch=5", "segmenter.loss.alpha.step=0.02"]),
        ("attention-dil3-dice", ["segmenter.model.attention=true", "segmenter.model.attentionDilation=3"]),
        ("vnet-layers2-dice", ["segmenter.model.numLayers=2"]),
    ];

    /// <summary>
    /// The small profile's common overrides: eight epochs each, at the original's learning rate 3e-4 (the pipeline's
    /// 1e-3 is meant for longer runs; at 1e-3 this cohort's segmenter can collapse to an empty output).
    /// </summary>
    public static IReadOnlyList<string> SmallCommon { get; } = ["segmenter.epochs=8", "segmenter.optimiser.lr=0.0003"];

    /// <summary>
    /// The grid notebook 06 runs and <c>vnet-atria sweep plan --recipe ablations</c> plans: <see cref="SmallGrid"/> with
    /// <see cref="SmallCommon"/> on the small profile, <see cref="OriginalGrid"/> unchanged on the full one.
    /// </summary>
    public static SweepGrid DefaultGrid(string profile) => profile switch
    {
        "small" => new SweepGrid { Experiments = [.. SmallGrid.Select(e => new SweepGridEntry(e.Name, e.Overrides))], Common = SmallCommon },
        "full" => new SweepGrid { Experiments = [.. OriginalGrid.Select(e => new SweepGridEntry(e.Name, e.Overrides))] },
        _ => throw new ArgumentException($"profile '{profile}' is not known; use \"small\" (CPU) or \"full\" (GPU).", nameof(profile)),
    };

    /// <summary>
    /// The grid's task graph: the shared locator (trained into <see cref="LocatorFolder"/> unless the pipeline's is
    /// reused; none for UA-MT h5), then one segmenter run per entry (<see cref="Config"/>), then the report.
    /// </summary>
    /// <param name="experiments">The grid's entries: (name, overrides).</param>
    public SweepDefinition Sweep(IEnumerable<(string Name, string[] Overrides)> experiments)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var ownLocator = LocatorFolder == RunFolder(LocatorRunName);
        return new SweepDefinition
        {
            Folder = Folder,
            Name = FolderName,
            Locator = UsesLocator ? new SweepLocator(LocatorFolder, ownLocator ? LocatorConfig() : null) : null,
            Experiments = experiments.Select(e => new SweepExperiment(e.Name, Config(e.Name, e.Overrides))).ToList(),
        };
    }

    /// <summary>The task graph of a grid (<see cref="Sweep(IEnumerable{ValueTuple{string, string[]}})"/>); the grid's common overrides come after this ablation's own.</summary>
    public SweepDefinition Sweep(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var withCommon = new AblationGrid(Settings, [.. common, .. grid.Common]);
        return withCommon.Sweep(grid.Experiments.Select(e => (e.Name, e.Overrides.ToArray())));
    }

    private bool IsSmall => Settings.IsSmall;

    private string OriginalFile(string name) => Path.GetFullPath(Path.Combine(Settings.ConfigsFolder, "original", name + ".json"));
}
