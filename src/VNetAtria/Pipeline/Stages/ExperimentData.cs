using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Preprocessing;
using VNetAtria.Synthetic;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>One case of a run and the split it belongs to.</summary>
/// <param name="Record">Where its files are.</param>
/// <param name="Split">Train or validation (anything not train is validated).</param>
public sealed record ExperimentCase(CaseRecord Record, DatasetSplit Split)
{
    /// <summary>The case id.</summary>
    public string CaseId => Record.CaseId;
}

/// <summary>
/// The cases of a run: discovered under <c>data.root</c> or generated from <c>data.synthetic</c> into the run folder
/// (deterministic: the same profile, count and seed give the same files), split by lists or by the seeded splitter.
/// </summary>
public sealed class ExperimentData
{
    private ExperimentData(ExperimentConfig config, IReadOnlyList<ExperimentCase> cases)
    {
        Config = config;
        Cases = cases;
    }

    /// <summary>The run's configuration.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>All cases, in discovery order.</summary>
    public IReadOnlyList<ExperimentCase> Cases { get; }

    /// <summary>The training cases.</summary>
    public IReadOnlyList<ExperimentCase> Train => Cases.Where(c => c.Split == DatasetSplit.Train).ToList();

    /// <summary>The validation cases (every case not in the training split).</summary>
    public IReadOnlyList<ExperimentCase> Validation => Cases.Where(c => c.Split != DatasetSplit.Train).ToList();

    /// <summary>The spacing that replaces the files' (UA-MT h5 has none), or null.</summary>
    public Spacing3? SpacingOverride => Config.Data.Spacing is { Length: 3 } s ? new Spacing3(s[0], s[1], s[2]) : null;

    /// <summary>Finds (or generates) and splits the cases of <paramref name="config"/>.</summary>
    /// <param name="config">The validated configuration.</param>
    /// <param name="run">The run folder (synthetic data is written to its data/ folder).</param>
    /// <param name="log">Log lines.</param>
    public static ExperimentData Load(ExperimentConfig config, RunFolder run, Action<string>? log = null)
    {
        string root;
        var layout = config.Data.Layout.ToDatasetLayout();
        if (config.Data.Synthetic is { } synthetic)
        {
            root = run.SyntheticData;
            var profile = PhantomProfile.FromName(synthetic.Profile);
            var expected = Enumerable.Range(0, synthetic.Cases).Select(SyntheticCohort.CaseId).ToList();
            if (!expected.All(id => File.Exists(Path.Combine(root, id, SyntheticCohort.LabelFileName))))
            {
                log?.Invoke($"generating {synthetic.Cases} synthetic '{synthetic.Profile}' phantoms (seed {synthetic.Seed}) into {root}");
                SyntheticCohort.Write(root, profile, synthetic.Cases, synthetic.Seed);
            }
            layout = DatasetLayout.Lasc;
        }
        else if (config.Data.Manifest is { } manifestPath)
        {
            var (manifestRoot, manifestCases) = FromManifest(manifestPath, config.Data.Root, log);
            return Checked(config, manifestRoot, manifestCases, $"manifest {Path.GetFullPath(manifestPath)}", log);
        }
        else
        {
            root = Path.GetFullPath(config.Data.Root ?? throw new RunFolderException("The config names neither data.root nor data.synthetic; set one (e.g. --data DIR)."));
            if (!Directory.Exists(root))
                throw new RunFolderException($"data.root {root} does not exist; point --data (or --set data.root=...) at the dataset folder.");
        }

        var discovered = CaseDiscovery.Discover(root, new DiscoveryOptions { Layout = layout });
        var ids = discovered.Cases.Select(c => c.CaseId).ToList();
        IReadOnlyDictionary<string, DatasetSplit> splits;
        if (config.Data.Split.TrainList is not null || config.Data.Split.TestList is not null)
            splits = DatasetSplitter.FromLists(ids, SplitLists.Load(config.Data.Split.TrainList, config.Data.Split.TestList));
        else
            splits = DatasetSplitter.Seeded(ids, config.Data.Split.Seed, config.Data.Split.TrainFraction);
        var cases = discovered.Cases
            .Where(c => splits.ContainsKey(c.CaseId))
            .Select(c => new ExperimentCase(c, splits[c.CaseId]))
            .ToList();
        return Checked(config, root, cases, discovered.Layout.ToString(), log);
    }

    private static ExperimentData Checked(ExperimentConfig config, string root, List<ExperimentCase> cases, string source, Action<string>? log)
    {
        if (!cases.Any(c => c.Split == DatasetSplit.Train) || !cases.Any(c => c.Split != DatasetSplit.Train))
            throw new RunFolderException($"{root}: the split leaves {cases.Count(c => c.Split == DatasetSplit.Train)} training and {cases.Count(c => c.Split != DatasetSplit.Train)} validation cases; " +
                $"both need at least one (check data.split or the manifest).");
        log?.Invoke($"data: {root} ({source}), {cases.Count} cases, {cases.Count(c => c.Split == DatasetSplit.Train)} train / {cases.Count(c => c.Split != DatasetSplit.Train)} validation");
        return new ExperimentData(config, cases);
    }

    /// <summary>
    /// The cases and split of a manifest, after verifying every file against its recorded SHA-256. A template without
    /// hashes is accepted with a log line (nothing to verify); a missing or changed file is an error listing each one.
    /// Test cases (held out) are left out: training and validation use the train and validation splits only.
    /// </summary>
    private static (string Root, List<ExperimentCase> Cases) FromManifest(string manifestPath, string? rootOverride, Action<string>? log)
    {
        var full = Path.GetFullPath(manifestPath);
        if (!File.Exists(full))
            throw new RunFolderException($"data.manifest {full} does not exist; create one with `vnet-atria manifest create DATA_DIR --out {manifestPath}`.");
        var manifest = ManifestJson.Read(full);
        var root = manifest.ResolveRoot(full, rootOverride);
        if (!Directory.Exists(root))
            throw new RunFolderException($"The data folder {root} of manifest {full} does not exist; set data.root (or --data) to where the cases are.");
        var verification = ManifestVerifier.Verify(manifest, root);
        var errors = verification.Problems.Where(p => p.Kind != ManifestProblemKind.NoHash).ToList();
        if (errors.Count > 0)
            throw new RunFolderException($"{root} does not match manifest {full} ({errors.Count} problem(s)); the run would not train on the data the manifest records:\n"
                + string.Join("\n", errors.Take(20).Select(p => "  " + p.Message)) + (errors.Count > 20 ? $"\n  ... and {errors.Count - 20} more" : "")
                + "\nRestore the files, or re-create the manifest if the change is intended.");
        var unhashed = verification.Problems.Count(p => p.Kind == ManifestProblemKind.NoHash);
        log?.Invoke(unhashed > 0
            ? $"manifest {full}: {unhashed} file(s) have no recorded hash (a template); not verified"
            : $"manifest {full}: {verification.FilesChecked} files match their SHA-256");
        var cases = manifest.ToCaseRecords(root)
            .Where(r => r.Split is DatasetSplit.Train or DatasetSplit.Validation)
            .Select(r => new ExperimentCase(r, r.Split!.Value))
            .ToList();
        return (root, cases);
    }

    /// <summary>Reads a case's image as float32 with the configured spacing.</summary>
    public Volume<float> ReadImage(ExperimentCase c) => WithSpacing(VolumeGrid.ReadVolume(c.Record.ImagePath, c.Record.ImageDataset).ConvertTo<float>());

    /// <summary>Reads a case's label, binarised to 0/1 by the configured mapping.</summary>
    public Volume<byte> ReadLabel(ExperimentCase c)
    {
        var path = c.Record.LabelPath ?? throw new RunFolderException($"Case {c.CaseId} has no label file; training and evaluation need one.");
        var label = VolumeGrid.ReadVolume(path, c.Record.LabelDataset).ConvertTo<float>();
        return WithSpacing(LabelBinarisation.Binarise(label, Config.Preprocessing.LabelMapping, path));
    }

    private Volume<T> WithSpacing<T>(Volume<T> v) where T : unmanaged, System.Numerics.INumber<T> =>
        SpacingOverride is { } s ? v.WithGeometry(v.Geometry with { Spacing = s }) : v;
}
