using VNetAtria.Data;
using VNetAtria.Synthetic;

namespace VNetAtria.Experiments;

/// <summary>The dataset layout named in a config; <see cref="Auto"/> detects it from the folder.</summary>
public enum DataLayoutOption
{
    /// <summary>Detect the layout from the folder (CaseDiscovery).</summary>
    Auto,
    /// <summary>LASC 2018: &lt;root&gt;/&lt;case&gt;/lgemri.nrrd + laendo.nrrd.</summary>
    Lasc,
    /// <summary>The original's train|validate|test/raw|label folders.</summary>
    Split,
    /// <summary>UA-MT: &lt;root&gt;/&lt;case&gt;/mri_norm2.h5 (+ train.list / test.list).</summary>
    UamtH5,
}

/// <summary>Conversions of <see cref="DataLayoutOption"/>.</summary>
public static class DataLayoutOptions
{
    /// <summary>The discovery layout, or null for <see cref="DataLayoutOption.Auto"/> (detect).</summary>
    public static DatasetLayout? ToDatasetLayout(this DataLayoutOption layout) => layout switch
    {
        DataLayoutOption.Lasc => DatasetLayout.Lasc,
        DataLayoutOption.Split => DatasetLayout.SplitFolders,
        DataLayoutOption.UamtH5 => DatasetLayout.UamtH5,
        _ => null,
    };
}

/// <summary>
/// Where the cases come from. Exactly one of <see cref="Root"/> (a dataset folder) and <see cref="Synthetic"/>
/// (a phantom cohort generated on demand, for self-contained demos) is set. Relative paths are resolved by the
/// caller (the CLI resolves them against its working directory).
/// </summary>
public sealed record DataConfig
{
    /// <summary>The dataset folder (e.g. the LASC 2018 "Training Set"); null when <see cref="Synthetic"/> is used.</summary>
    public string? Root { get; init; }

    /// <summary>A synthetic phantom cohort instead of a folder; null for real data.</summary>
    public SyntheticDataConfig? Synthetic { get; init; }

    /// <summary>The folder's layout (default auto: detect).</summary>
    public DataLayoutOption Layout { get; init; } = DataLayoutOption.Auto;

    /// <summary>
    /// A dataset manifest (JSON from <c>vnet-atria manifest create</c>: case ids, relative paths, SHA-256, split) to use
    /// instead of discovering: the run takes exactly its cases and its split (data.split is then ignored) and first
    /// verifies every file's hash, so a run is tied to the bytes it was planned on. Its data folder is
    /// <see cref="Root"/> when set, else the manifest's own root.
    /// </summary>
    public string? Manifest { get; init; }

    /// <summary>How cases are split into training and validation.</summary>
    public SplitConfig Split { get; init; } = new();

    /// <summary>
    /// Voxel spacing (D, H, W) in mm that replaces the files' own, for formats that carry none (UA-MT h5 stores no
    /// spacing; LASC is 0.625 mm isotropic); null keeps the files' spacing.
    /// </summary>
    public double[]? Spacing { get; init; }

    internal void Validate(string path, ConfigProblems p)
    {
        var hasRoot = !string.IsNullOrWhiteSpace(Root);
        if (Manifest is not null)
        {
            if (string.IsNullOrWhiteSpace(Manifest)) p.Add(path + ".manifest", "is empty; give a manifest file or null");
            if (Synthetic is not null) p.Add(path + ".manifest", "cannot be combined with synthetic data; set data.synthetic to null");
        }
        else if (hasRoot == (Synthetic is not null))
            p.Add(path, hasRoot
                ? "set either root or synthetic, not both"
                : "no data: set root (a dataset folder, e.g. your LASC 2018 training folder) or synthetic ({\"profile\": \"small\", \"cases\": 16, \"seed\": 0})");
        Synthetic?.Validate(path + ".synthetic", p);
        Split.Validate(path + ".split", p);
        if (Spacing is not null && p.Length(path + ".spacing", Spacing, 3, "[0.625, 0.625, 0.625]"))
            for (var a = 0; a < 3; a++) p.Positive($"{path}.spacing[{a}]", Spacing[a]);
    }
}

/// <summary>A synthetic cohort (Synthetic/SyntheticCohort) generated from a seed: self-contained demos and CPU runs.</summary>
public sealed record SyntheticDataConfig
{
    /// <summary>The phantom profile: "small" (40x112x112 or 40x128x128 at 1.25 mm) or "lasc" (LASC sizes).</summary>
    public string Profile { get; init; } = "small";

    /// <summary>How many cases to generate.</summary>
    public int Cases { get; init; } = 16;

    /// <summary>The generator's seed (case i is a pure function of profile, seed and i).</summary>
    public int Seed { get; init; }

    internal void Validate(string path, ConfigProblems p)
    {
        if (!PhantomProfile.Names.Contains(Profile))
            p.Add(path + ".profile", $"unknown value '{Profile}'; expected {string.Join("|", PhantomProfile.Names)}");
        p.AtLeast(path + ".cases", Cases, 2);
    }
}

/// <summary>
/// The training/validation split: a seeded shuffle (DatasetSplitter.Seeded, SplitMix64) with a training fraction, or
/// list files (one case id a line, UA-MT's train.list / test.list). The original split 100 LASC cases 80/20 with a seed.
/// </summary>
public sealed record SplitConfig
{
    /// <summary>Seed of the shuffle (42, DatasetSplitter.DefaultSeed).</summary>
    public long Seed { get; init; } = DatasetSplitter.DefaultSeed;

    /// <summary>Share of cases used for training (0.8: the original's 80 of 100).</summary>
    public double TrainFraction { get; init; } = DatasetSplitter.DefaultTrainFraction;

    /// <summary>A file listing the training case ids; when set, the lists decide and the seed and fraction are unused.</summary>
    public string? TrainList { get; init; }

    /// <summary>A file listing the validation (test) case ids; set together with <see cref="TrainList"/>.</summary>
    public string? TestList { get; init; }

    internal void Validate(string path, ConfigProblems p)
    {
        if (!(TrainFraction > 0 && TrainFraction < 1))
            p.Add(path + ".trainFraction", $"must be in (0, 1), found {ConfigProblems.Format(TrainFraction)} (0.8 trains on 80 % of the cases)");
        if ((TrainList is null) != (TestList is null))
            p.Add(path, "set both trainList and testList, or neither (then the seeded split is used)");
    }
}
