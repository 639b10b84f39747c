using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Imaging;
using VNetAtria.Preprocessing;
using VNetAtria.Synthetic;

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
        DatasetLayout? layout = config.Data.Layout.ToDatasetLayout();
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
        if (!cases.Any(c => c.Split == DatasetSplit.Train) || !cases.Any(c => c.Split != DatasetSplit.Train))
            throw new RunFolderException($"{root}: the split leaves {cases.Count(c => c.Split == DatasetSplit.Train)} training and {cases.Count(c => c.Split != DatasetSplit.Train)} validation cases; both need at least one (check data.split).");
        log?.Invoke($"data: {root} ({discovered.Layout}), {cases.Count} cases, {cases.Count(c => c.Split == DatasetSplit.Train)} train / {cases.Count(c => c.Split != DatasetSplit.Train)} validation");
        return new ExperimentData(config, cases);
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
