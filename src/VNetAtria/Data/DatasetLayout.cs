namespace VNetAtria.Data;

/// <summary>How a dataset's files are arranged on disk.</summary>
public enum DatasetLayout
{
    /// <summary>The LASC 2018 challenge layout: <c>&lt;root&gt;/&lt;CaseId&gt;/lgemri.nrrd</c> (image) and <c>laendo.nrrd</c> (label).</summary>
    Lasc,

    /// <summary>
    /// The original project's layout: <c>&lt;root&gt;/train|validate|test/raw|label/&lt;file&gt;</c>, image and label paired
    /// by the case id taken from the file name; the folder gives the split.
    /// </summary>
    SplitFolders,

    /// <summary>
    /// The UA-MT HDF5 layout: <c>&lt;root&gt;/&lt;CaseId&gt;/mri_norm2.h5</c> holding datasets <c>image</c> and <c>label</c>,
    /// optionally with <c>train.list</c> / <c>test.list</c> in the root or the folder above it.
    /// </summary>
    UamtH5,
}

/// <summary>The names of <see cref="DatasetLayout"/> values used on the command line and in manifests.</summary>
public static class DatasetLayouts
{
    /// <summary>The names accepted by <see cref="Parse"/> (besides "auto", which callers handle as null).</summary>
    public static IReadOnlyList<string> Names { get; } = ["lasc", "split", "uamt-h5"];

    /// <summary>The manifest / command-line name of a layout: "lasc", "split" or "uamt-h5".</summary>
    public static string Name(this DatasetLayout layout) => layout switch
    {
        DatasetLayout.Lasc => "lasc",
        DatasetLayout.SplitFolders => "split",
        DatasetLayout.UamtH5 => "uamt-h5",
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    /// <summary>Parses a layout name; "auto" (or null) gives null, meaning "detect".</summary>
    public static DatasetLayout? ParseOrAuto(string? name) =>
        name is null || name.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : Parse(name);

    /// <summary>Parses "lasc", "split" or "uamt-h5" (case-insensitive).</summary>
    public static DatasetLayout Parse(string name) => name.ToLowerInvariant() switch
    {
        "lasc" => DatasetLayout.Lasc,
        "split" => DatasetLayout.SplitFolders,
        "uamt-h5" => DatasetLayout.UamtH5,
        _ => throw new ArgumentException($"Unknown dataset layout '{name}': expected auto, lasc, split or uamt-h5."),
    };
}
