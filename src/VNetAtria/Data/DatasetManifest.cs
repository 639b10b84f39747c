using VNetAtria.Imaging;

namespace VNetAtria.Data;

/// <summary>
/// A dataset manifest: which cases a dataset has, where their files are (relative to <see cref="Root"/>), their
/// SHA-256, shape, spacing and split. Stored as JSON (<see cref="ManifestJson"/>; schema in
/// data-manifests/manifest.schema.json). A template is a manifest whose hashes, shapes and spacing are null.
/// </summary>
public sealed record DatasetManifest
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The manifest format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The dataset's name ("lasc2018", "demo-small", ...).</summary>
    public required string Name { get; init; }

    /// <summary>The layout the relative paths follow.</summary>
    public required DatasetLayout Layout { get; init; }

    /// <summary>
    /// The data folder, relative to the manifest file's folder ('/' separators) or absolute; null in a template
    /// (the user names the folder).
    /// </summary>
    public string? Root { get; init; }

    /// <summary>Free text about the dataset (source, licence, how to complete a template), or null.</summary>
    public string? Description { get; init; }

    /// <summary>The tool and version that wrote the manifest ("vnet-atria 0.1.0"), or null.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>How the split was made.</summary>
    public required ManifestSplitInfo Split { get; init; }

    /// <summary>The cases, sorted by id (ordinal).</summary>
    public required IReadOnlyList<ManifestCase> Cases { get; init; }

    /// <summary>The cases of one split.</summary>
    public IEnumerable<ManifestCase> CasesIn(DatasetSplit split) => Cases.Where(c => c.Split == split);

    /// <summary>True when every file has a hash (the manifest is not an incomplete template).</summary>
    public bool IsComplete => Cases.All(c => c.Image.Sha256 is not null && (c.Label is null || c.Label.Sha256 is not null));

    /// <summary>
    /// The data folder for this manifest stored at <paramref name="manifestPath"/>: <paramref name="overrideRoot"/> when
    /// given, else <see cref="Root"/> resolved against the manifest's folder.
    /// </summary>
    /// <exception cref="DatasetException">No override and the manifest has no root (a template).</exception>
    public string ResolveRoot(string manifestPath, string? overrideRoot = null)
    {
        if (overrideRoot is not null) return Path.GetFullPath(overrideRoot);
        if (Root is null)
            throw new DatasetException($"{manifestPath}: the manifest names no data folder (root is null, as in a template); give the data folder explicitly (--root DIR).");
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        return Path.GetFullPath(Path.Combine(folder, Root.Replace('/', Path.DirectorySeparatorChar)));
    }

    /// <summary>The cases as <see cref="CaseRecord"/>s with absolute paths below <paramref name="root"/>.</summary>
    public IReadOnlyList<CaseRecord> ToCaseRecords(string root) =>
        Cases.Select(c => new CaseRecord(c.Id, c.Image.AbsolutePath(root), c.Label?.AbsolutePath(root), Layout, c.Split)).ToList();
}

/// <summary>How a manifest's split was made.</summary>
/// <param name="Method">"seed" (seeded shuffle, <see cref="DatasetSplitter"/>), "lists" (train.list / test.list) or "folders" (the split layout's folders).</param>
/// <param name="Seed">The seed when <paramref name="Method"/> is "seed", else null.</param>
/// <param name="TrainFraction">The train fraction when <paramref name="Method"/> is "seed", else null.</param>
public sealed record ManifestSplitInfo(string Method, long? Seed = null, double? TrainFraction = null)
{
    /// <summary>The seeded split's method name.</summary>
    public const string SeedMethod = "seed";

    /// <summary>The list files' method name.</summary>
    public const string ListsMethod = "lists";

    /// <summary>The split folders' method name.</summary>
    public const string FoldersMethod = "folders";
}

/// <summary>One case of a manifest.</summary>
/// <param name="Id">Case id.</param>
/// <param name="Split">The split the case belongs to.</param>
/// <param name="Image">The image file.</param>
/// <param name="Label">The label file, or null for an unlabelled case.</param>
/// <param name="Shape">Array shape (D, H, W), or null when not recorded.</param>
/// <param name="Spacing">Voxel spacing (D, H, W) in mm, or null when not recorded.</param>
public sealed record ManifestCase(string Id, DatasetSplit Split, ManifestFile Image, ManifestFile? Label, Shape3? Shape = null, Spacing3? Spacing = null);

/// <summary>One file of a manifest case.</summary>
/// <param name="Path">Path relative to the manifest root, '/' separators, no "..".</param>
/// <param name="Sha256">SHA-256 of the file as 64 lower-case hex digits, or null (template).</param>
/// <param name="Dataset">The HDF5 dataset inside the file ("image" or "label") for the UA-MT layout, else null.</param>
public sealed record ManifestFile(string Path, string? Sha256 = null, string? Dataset = null)
{
    /// <summary>The absolute path of the file below <paramref name="root"/>.</summary>
    public string AbsolutePath(string root) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(root, Path.Replace('/', System.IO.Path.DirectorySeparatorChar)));
}
