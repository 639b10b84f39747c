using VNetAtria.Experiments;

namespace VNetAtria.Recipes;

/// <summary>
/// The settings cell of the training notebooks (02 to 05) as one value: which data, which profile, which device, which
/// seed, and where artefacts go. <see cref="PipelineConfig"/> turns it into the experiment config that all four
/// notebooks share, so each later notebook finds what the earlier one saved in <see cref="PipelineFolder"/>.
/// </summary>
public sealed record NotebookSettings
{
    /// <summary>"synthetic" (phantoms generated into the pipeline folder), "lasc" or "uamt-h5".</summary>
    public string DataSource { get; init; } = "synthetic";

    /// <summary>The LASC or UA-MT folder; ignored for "synthetic".</summary>
    public string DataRoot { get; init; } = "";

    /// <summary>"small" (a CPU profile that runs in minutes) or "full" (configs/original, for a GPU machine).</summary>
    public string Profile { get; init; } = "small";

    /// <summary>"auto", "cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The one seed of every random choice of the run (split, initialisation, augmentation).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The notebooks' artefact folder (runs/notebooks; VNETATRIA_NOTEBOOK_RUNS overrides it in the notebooks).</summary>
    public string RunFolder { get; init; } = "../runs/notebooks";

    /// <summary>The folder of configs/original (used by the "full" profile).</summary>
    public string ConfigsFolder { get; init; } = "../configs";

    /// <summary>The run folder that notebooks 02 to 05 share (locator, crop plan, segmenter, predictions).</summary>
    public string PipelineFolder => Path.GetFullPath(Path.Combine(RunFolder, "pipeline"));

    /// <summary>Number of synthetic cases of the small profile (the demo's cohort, cut down for notebook run time).</summary>
    public const int SmallSyntheticCases = 12;

    /// <summary>
    /// The small profile's locator: 15 epochs at batch 1. With the few training cases of the small profile, batch 3
    /// gave 3 updates an epoch and the locator had barely started to learn after 15 epochs (validation Dice 0.54, boxes
    /// reaching the canvas edge, so the crop was the whole plane); batch 1 costs the same per epoch and reaches about
    /// 0.72 with tight boxes (measured on the 12 synthetic cases, seed 42).
    /// </summary>
    private static readonly string[] SmallLocator = ["locator.epochs=15", "locator.batchSize=1"];

    /// <summary>
    /// The experiment config of the pipeline notebooks. Small profile: the demo's config (<see cref="DemoConfig"/>)
    /// with fewer cases and epochs, so locator and segmenter train in about a minute each on two cores. Full profile:
    /// configs/original/02-vnet-dice.json (the original's locator and VNet-Dice segmenter hyper-parameters). Real
    /// data replaces the phantoms in either profile; UA-MT h5 cases are already cropped around the atrium, so the
    /// locator is disabled for them and the segmenter sees whole volumes.
    /// </summary>
    /// <param name="extraOverrides">More <c>key=value</c> overrides (the CLI's --set syntax), applied last.</param>
    public ExperimentConfig PipelineConfig(IEnumerable<string>? extraOverrides = null)
    {
        var small = IsSmall;
        List<string> overrides = ["name=notebooks-pipeline", .. DataOverrides()];
        if (small)
        {
            overrides.Add(DataSource == "synthetic" ? $"data.synthetic.cases={SmallSyntheticCases}" : "preprocessing.segmenterInputScale=0.5");
            overrides.AddRange([.. SmallLocator, "segmenter.epochs=20"]);
            // The demo's segmenter rate, 1e-3, collapsed to an all-background output after two epochs on the notebooks'
            // 12-case cohort (measured); the original's 3e-4 learns steadily (validation Dice 0.69 by epoch 6).
            overrides.Add("segmenter.optimiser.lr=0.0003");
        }
        else
            // configs/original/02 reuses a trained locator; the notebooks train it (02), with 01-locator.json's settings.
            overrides.AddRange(["locator.pretrained=null", "locator.optimiser.lr=0.0001", "locator.batchSize=5", "locator.epochs=200",
                "locator.plateau.patience=15", "locator.plateau.factor=0.85"]);
        overrides.AddRange(extraOverrides ?? []);
        return small
            ? DemoConfig.Load(overrides)
            : ExperimentConfigLoader.Load(Path.Combine(ConfigsFolder, "original", "02-vnet-dice.json"), overrides);
    }

    /// <summary>True for the "small" profile, false for "full"; any other name is an error naming both.</summary>
    internal bool IsSmall => Profile switch
    {
        "small" => true,
        "full" => false,
        _ => throw new ArgumentException($"profile '{Profile}' is not known; use \"small\" (CPU) or \"full\" (GPU).", nameof(Profile)),
    };

    /// <summary>
    /// The device, seed and data of these settings as overrides of any config (the small profile's phantoms come from
    /// the demo config, so only the full profile names its synthetic cohort). UA-MT h5 cases are already cropped around
    /// the atrium: no locator, no canvas, no normalisation, and the spacing the files lack.
    /// </summary>
    internal List<string> DataOverrides()
    {
        var overrides = new List<string> { $"device={Device}", $"seed={Seed}" };
        switch (DataSource)
        {
            case "synthetic":
                if (!IsSmall)
                    overrides.AddRange(["data.root=null", "data.layout=auto", "data.synthetic.profile=lasc", "data.synthetic.cases=40", "data.synthetic.seed=0"]);
                break;
            case "lasc":
            case "uamt-h5":
                if (string.IsNullOrWhiteSpace(DataRoot) || !Directory.Exists(DataRoot))
                    throw new ArgumentException($"dataSource '{DataSource}' needs dataRoot set to an existing folder; found '{DataRoot}'.", nameof(DataRoot));
                overrides.AddRange([$"data.root={Path.GetFullPath(DataRoot)}", "data.synthetic=null", $"data.layout={DataSource}"]);
                if (DataSource == "uamt-h5")
                    overrides.AddRange(["locator.enabled=false", "locator.pretrained=null", "preprocessing.canvas=none", "preprocessing.normalisation=none", "data.spacing=[0.625,0.625,0.625]"]);
                break;
            default:
                throw new ArgumentException($"dataSource '{DataSource}' is not known; use \"synthetic\", \"lasc\" or \"uamt-h5\".", nameof(DataSource));
        }
        return overrides;
    }
}
