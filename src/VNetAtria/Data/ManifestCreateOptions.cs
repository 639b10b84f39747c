namespace VNetAtria.Data;

/// <summary>Where a new manifest's split comes from.</summary>
public enum SplitSource
{
    /// <summary>The split layout's folders; else train.list / test.list when found; else the seeded split.</summary>
    Auto,

    /// <summary>The seeded split (<see cref="DatasetSplitter.Seeded"/>).</summary>
    Seed,

    /// <summary>train.list / test.list in the data folder or the folder above it (an error when there are none).</summary>
    Lists,
}

/// <summary>Options for <see cref="ManifestBuilder.Create"/>.</summary>
public sealed record ManifestCreateOptions
{
    /// <summary>The dataset name; null uses the template's name or the data folder's name.</summary>
    public string? Name { get; init; }

    /// <summary>The layout; null detects it. Ignored with a <see cref="Template"/> (the template names its layout).</summary>
    public DatasetLayout? Layout { get; init; }

    /// <summary>Where the split comes from (default <see cref="SplitSource.Auto"/>). Ignored with a template, whose split is kept.</summary>
    public SplitSource SplitSource { get; init; } = SplitSource.Auto;

    /// <summary>Seed of the seeded split (default <see cref="DatasetSplitter.DefaultSeed"/> = 42).</summary>
    public long SplitSeed { get; init; } = DatasetSplitter.DefaultSeed;

    /// <summary>Share of labelled cases that go to training in the seeded split (default 0.8).</summary>
    public double TrainFraction { get; init; } = DatasetSplitter.DefaultTrainFraction;

    /// <summary>Accept images without labels; such cases go to the test split (prediction only).</summary>
    public bool AllowUnlabeled { get; init; }

    /// <summary>Read every file's shape and spacing (and check that image and label agree). True by default.</summary>
    public bool ReadGeometry { get; init; } = true;

    /// <summary>How shapes and spacing are read; null uses <see cref="VolumeGrid.Read"/> (the library's readers).</summary>
    public VolumeGridReader? GridReader { get; init; }

    /// <summary>A manifest template to complete: its cases, paths, layout and split are kept; hashes, shapes and spacing are filled.</summary>
    public DatasetManifest? Template { get; init; }

    /// <summary>Where the manifest will be written; the manifest's root is stored relative to its folder. Null stores the root as an absolute path.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>The tool and version recorded in the manifest ("vnet-atria 0.1.0").</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Progress of hashing and shape reading.</summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    /// <summary>Stops the work early (throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>A created manifest and the warnings met on the way (e.g. cases present on disk but absent from the template).</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Warnings">Things the user should know that did not stop the creation.</param>
public sealed record ManifestCreation(DatasetManifest Manifest, IReadOnlyList<string> Warnings);
