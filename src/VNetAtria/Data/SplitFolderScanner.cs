namespace VNetAtria.Data;

/// <summary>
/// The original project's layout: <c>&lt;root&gt;/&lt;split&gt;/raw/*</c> and <c>&lt;root&gt;/&lt;split&gt;/label/*</c>, with split folders
/// train, validate (or validation) and test. The original paired raw and label files by their sorted position, which
/// silently mis-pairs when one file is missing; here they are paired by case id (<see cref="CaseIdOf"/>).
/// </summary>
internal static class SplitFolderScanner
{
    private static readonly (string Folder, DatasetSplit Split)[] SplitFolders =
    [
        ("train", DatasetSplit.Train),
        ("validate", DatasetSplit.Validation),
        ("validation", DatasetSplit.Validation),
        ("test", DatasetSplit.Test),
    ];

    // Role words a file name may carry around the case id ("Case01_lgemri.nrrd", "Case01-label.nrrd").
    private static readonly string[] RoleWords = ["lgemri", "laendo", "raw", "label", "image", "mask", "seg", "segmentation"];

    public static bool Looks(string root) =>
        SplitFolders.Any(s => Directory.Exists(Path.Combine(root, s.Folder, "raw")));

    public static List<CaseFileEntry> Scan(string root)
    {
        var entries = new List<CaseFileEntry>();
        foreach (var (folder, split) in SplitFolders)
        {
            foreach (var (sub, role) in new[] { ("raw", CaseFileRole.Image), ("label", CaseFileRole.Label) })
            {
                var dir = Path.Combine(root, folder, sub);
                if (!Directory.Exists(dir)) continue;
                foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                {
                    if (!IsVolumeFile(file)) continue;
                    entries.Add(new CaseFileEntry(CaseIdOf(file), file, role, split));
                }
            }
        }
        return entries;
    }

    /// <summary>True for .nrrd, .nhdr, .nii and .nii.gz files that are not hidden (".DS_Store", editor files).</summary>
    public static bool IsVolumeFile(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith('.')) return false;
        var lower = name.ToLowerInvariant();
        return lower.EndsWith(".nrrd") || lower.EndsWith(".nhdr") || lower.EndsWith(".nii") || lower.EndsWith(".nii.gz");
    }

    /// <summary>
    /// The case id of a file: its name without the extension (.nrrd, .nhdr, .nii, .nii.gz) and without one role word
    /// (lgemri, laendo, raw, label, image, mask, seg, segmentation; any case) joined to the id by '_', '-' or '.',
    /// either after or before it. "Case01_lgemri.nrrd", "Case01.nrrd" and "label-Case01.nii.gz" all give "Case01".
    /// </summary>
    public static string CaseIdOf(string path)
    {
        var stem = Path.GetFileName(path);
        foreach (var ext in new[] { ".nii.gz", ".nrrd", ".nhdr", ".nii" })
        {
            if (stem.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^ext.Length];
                break;
            }
        }
        foreach (var word in RoleWords)
        {
            foreach (var sep in new[] { '_', '-', '.' })
            {
                var suffix = sep + word;
                if (stem.Length > suffix.Length && stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                    return stem[..^suffix.Length];
                var prefix = word + sep;
                if (stem.Length > prefix.Length && stem.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    return stem[prefix.Length..];
            }
        }
        return stem;
    }
}
