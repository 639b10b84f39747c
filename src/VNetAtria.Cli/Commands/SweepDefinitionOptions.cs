using System.CommandLine;
using VNetAtria.Experiments;
using VNetAtria.Recipes;
using VNetAtria.Recipes.Sweeps;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// The options that define a sweep, shared by <c>sweep plan</c> and <c>sweep submit</c>: config files (or folders of
/// them), a base config and a grid, or the ablation recipe of notebook 06; or, for submit, an already planned sweep
/// folder. Common settings (data, device, --set) apply to every config.
/// </summary>
internal sealed class SweepDefinitionOptions
{
    public Argument<string[]> Sources { get; } = new("SOURCE")
    {
        Description = "Config files or folders of configs (e.g. configs/original: a config with segmenter.enabled false is the shared locator, every other a run); " +
                      "for submit also a planned sweep folder.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Base { get; } = new("--base") { Description = "A base config; with --grid, every grid entry is a run of it.", HelpName = "F" };
    public Option<string?> Grid { get; } = new("--grid") { Description = "A grid file: {\"common\": [\"k=v\"], \"experiments\": [{\"name\": ..., \"set\": [\"k=v\"]}]} (docs/sweeps.md).", HelpName = "F" };
    public Option<string?> Recipe { get; } = new Option<string?>("--recipe") { Description = "A built-in sweep: \"ablations\" is notebook 06's grid (AblationGrid), in " +
        "<runs>/06-ablations.", HelpName = "NAME" }.AcceptOnlyFromAmong("ablations");
    public Option<string> Profile { get; } = new Option<string>("--profile") { Description = "With --recipe: small (CPU, synthetic phantoms by default) or full " +
        "(configs/original).", DefaultValueFactory = _ => "small" }.AcceptOnlyFromAmong("small", "full");
    public Option<string> Runs { get; } = new("--runs") { Description = "With --recipe: the notebooks' run folder (the sweep goes to <runs>/06-ablations; notebook 02's locator in <runs>/pipeline is " +
        "reused).", DefaultValueFactory = _ => Path.Combine("runs", "notebooks"), HelpName = "DIR" };
    public Option<int?> Seed { get; } = new("--seed") { Description = "With --recipe: the one seed of every run (default 42).", HelpName = "S" };
    public Option<string?> Out { get; } = new("--out") { Description = "The sweep folder (default runs/sweeps/<name of the first source>). Tasks read it on every node: on a cluster put it on a shared filesystem.", HelpName = "SWEEP" };
    public Option<string?> Locator { get; } = new("--locator") { Description = "Reuse this trained locator run instead of training one (its crop plan is shared when the settings agree).", HelpName = "RUN" };
    public Option<string?> Data { get; } = new("--data") { Description = "Dataset folder for every config (sets data.root, clears data.synthetic).", HelpName = "DIR" };
    public Option<string?> Layout { get; } = new Option<string?>("--layout") { Description = "Dataset layout (sets data.layout).", HelpName = "auto|lasc|split|uamt-h5" }.AcceptOnlyFromAmong("auto", "lasc", "split", "uamt-h5");
    public Option<string?> Device { get; } = new("--device") { Description = "auto, cpu, cuda or cuda:N for every run (sets device).", HelpName = "D" };
    public Option<string[]> Set { get; } = new("--set") { Description = "Config override key=value for every config, the locator's included (with --recipe: every run; " +
        "repeatable).", HelpName = "key=value", AllowMultipleArgumentsPerToken = true };
    public Option<string?> Cli { get; } = new("--cli") { Description = "The vnet-atria executable (or vnet-atria.dll) the tasks run, on every node (default: this vnet-atria).", HelpName = "PATH" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Sources);
        foreach (var o in new Option[] { Base, Grid, Recipe, Profile, Runs, Seed, Out, Locator, Data, Layout, Device, Set, Cli }) command.Options.Add(o);
    }

    /// <summary>
    /// True when the only source is a folder holding a planned sweep (and nothing else defines one); options that would
    /// change its definition are then an error (plan it again instead) rather than silently ignored.
    /// </summary>
    public bool NamesPlannedSweep(ParseResult parse)
    {
        if (parse.GetValue(Sources) is not [var only] || !File.Exists(Path.Combine(only, SweepNames.PlanFile))
            || parse.GetValue(Base) is not null || parse.GetValue(Grid) is not null || parse.GetValue(Recipe) is not null) return false;
        var given = new (string Name, bool Given)[]
        {
            ("--out", parse.GetValue(Out) is not null), ("--locator", parse.GetValue(Locator) is not null), ("--data", parse.GetValue(Data) is not null),
            ("--layout", parse.GetValue(Layout) is not null), ("--device", parse.GetValue(Device) is not null), ("--set", parse.GetValue(Set) is { Length: > 0 }),
            ("--seed", parse.GetValue(Seed) is not null),
        }.Where(o => o.Given).Select(o => o.Name).ToList();
        if (given.Count > 0)
            throw new ArgumentException($"{only} is a planned sweep; {string.Join(", ", given)} would change its definition. Plan it again with them " +
                                        $"(`vnet-atria sweep plan <configs> ... --out {only}`: finished runs whose config is unchanged are kept), then submit it.");
        return true;
    }

    /// <summary>The sweep these options define.</summary>
    public SweepDefinition Build(ParseResult parse)
    {
        var sources = parse.GetValue(Sources) ?? [];
        var recipe = parse.GetValue(Recipe);
        var basePath = parse.GetValue(Base);
        var gridPath = parse.GetValue(Grid);
        var forms = (sources.Length > 0 ? 1 : 0) + (basePath is not null || gridPath is not null ? 1 : 0) + (recipe is not null ? 1 : 0);
        if (forms != 1)
            throw new ArgumentException("Define the sweep one way: config files or folders (SOURCE...), --base F with --grid G, or --recipe ablations.");
        var overrides = CommonOverrides(parse);
        if (recipe is not null) return Ablations(parse);
        var folder = parse.GetValue(Out);
        if (basePath is not null || gridPath is not null)
        {
            if (basePath is null || gridPath is null) throw new ArgumentException("--base and --grid go together: the grid's entries are runs of the base config.");
            var config = ExperimentConfigLoader.Load(basePath, overrides);
            return SweepDefinition.FromGrid(folder ?? DefaultFolder(Path.GetFileNameWithoutExtension(gridPath)), config, SweepGrid.Load(gridPath), parse.GetValue(Locator));
        }
        var files = new List<string>();
        foreach (var source in sources)
        {
            if (Directory.Exists(source))
            {
                if (File.Exists(Path.Combine(source, SweepNames.PlanFile)))
                    throw new ArgumentException($"{source} is a planned sweep; submit it alone (`vnet-atria sweep submit {source}`), without other sources.");
                var found = Directory.GetFiles(source, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) throw new ArgumentException($"{source} holds no config files (*.json).");
                files.AddRange(found);
            }
            else if (File.Exists(source)) files.Add(source);
            else throw new FileNotFoundException($"{source}: no such config file or folder.");
        }
        var configs = files.Select(f => (f, ExperimentConfigLoader.Load(f, overrides))).ToList();
        var name = Directory.Exists(sources[0]) ? Path.GetFileName(Path.GetFullPath(sources[0]).TrimEnd(Path.DirectorySeparatorChar)) : Path.GetFileNameWithoutExtension(sources[0]);
        return SweepDefinition.FromConfigs(folder ?? DefaultFolder(name), configs, parse.GetValue(Locator));
    }

    /// <summary>How tasks start vnet-atria: --cli, else this vnet-atria (its executable beside the assembly, or the .dll).</summary>
    public IReadOnlyList<string> CliCommand(ParseResult parse)
    {
        if (parse.GetValue(Cli) is { } path) return SweepCli.FromPath(path);
        var beside = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "vnet-atria.exe" : "vnet-atria");
        return SweepCli.FromPath(File.Exists(beside) ? beside : typeof(CliApp).Assembly.Location);
    }

    private List<string> CommonOverrides(ParseResult parse)
    {
        var overrides = new List<string>();
        if (parse.GetValue(Data) is { } d) { overrides.Add("data.synthetic=null"); overrides.Add("data.root=" + Path.GetFullPath(d)); }
        if (parse.GetValue(Layout) is { } l) overrides.Add("data.layout=" + l);
        if (parse.GetValue(Device) is { } dev) overrides.Add("device=" + dev);
        overrides.AddRange(parse.GetValue(Set) ?? []);
        return overrides;
    }

    private SweepDefinition Ablations(ParseResult parse)
    {
        if (parse.GetValue(Out) is not null) throw new ArgumentException("--recipe ablations writes to <runs>/06-ablations, as notebook 06; give --runs DIR instead of --out.");
        if (parse.GetValue(Locator) is not null) throw new ArgumentException("--recipe ablations trains its own locator or reuses notebook 02's in <runs>/pipeline; --locator does not apply.");
        var layout = parse.GetValue(Layout);
        var data = parse.GetValue(Data);
        if (data is not null && layout is not ("lasc" or "uamt-h5"))
            throw new ArgumentException("--recipe ablations with --data needs --layout lasc or --layout uamt-h5 (the notebooks' data sources).");
        var settings = new NotebookSettings
        {
            DataSource = data is null ? "synthetic" : layout!,
            DataRoot = data ?? "",
            Profile = parse.GetValue(Profile)!,
            Device = parse.GetValue(Device) ?? "auto",
            Seed = parse.GetValue(Seed) ?? 42,
            RunFolder = Path.GetFullPath(parse.GetValue(Runs)!),
            ConfigsFolder = ConfigsFolder(),
        };
        var grid = AblationGrid.DefaultGrid(settings.Profile);
        return new AblationGrid(settings, parse.GetValue(Set) ?? []).Sweep(grid);
    }

    /// <summary>configs/ of the repository vnet-atria runs from (the full profile reads configs/original), else ./configs.</summary>
    private static string ConfigsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "configs", "original"))) return Path.Combine(dir.FullName, "configs");
        return Path.GetFullPath("configs");
    }

    private static string DefaultFolder(string name) => Path.Combine("runs", "sweeps", name);
}
