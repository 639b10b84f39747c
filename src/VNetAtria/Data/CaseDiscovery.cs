namespace VNetAtria.Data;

/// <summary>
/// Finds the cases of a dataset folder in one of the supported layouts (<see cref="DatasetLayout"/>) and pairs each
/// image with its label by case id. Works from file names only: no volume is opened, so discovery is fast and needs
/// no reader; shapes and spacing are read in a separate step (<see cref="ManifestBuilder"/>).
/// </summary>
public static class CaseDiscovery
{
    /// <summary>The LASC image file name in each case folder.</summary>
    public const string LascImageFile = "lgemri.nrrd";

    /// <summary>The LASC label file name in each case folder.</summary>
    public const string LascLabelFile = "laendo.nrrd";

    /// <summary>The UA-MT file name in each case folder.</summary>
    public const string UamtFile = "mri_norm2.h5";

    /// <summary>Finds and pairs the cases under <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DatasetException">No layout matches, several do, or pairing fails (orphans, duplicates).</exception>
    public static DiscoveredDataset Discover(string root, DiscoveryOptions? options = null)
    {
        options ??= new DiscoveryOptions();
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"{full}: no such dataset folder.");
        var layout = options.Layout ?? DetectLayout(full);
        var entries = layout switch
        {
            DatasetLayout.Lasc => ScanLasc(full),
            DatasetLayout.SplitFolders => SplitFolderScanner.Scan(full),
            DatasetLayout.UamtH5 => ScanUamt(full),
            _ => throw new ArgumentOutOfRangeException(nameof(options), layout, "Unknown layout."),
        };
        var cases = CasePairing.Pair(full, layout, entries, options.AllowUnlabeled);
        if (cases.Count == 0)
            throw new DatasetException($"{full}: no cases found in the {layout.Name()} layout ({Describe(layout)}).");
        var lists = layout == DatasetLayout.SplitFolders ? null : SplitLists.Find(full);
        return new DiscoveredDataset(full, layout, cases, lists);
    }

    /// <summary>
    /// Detects the layout of a dataset folder: "split" when it has train/, validate/ (or validation/) or test/ folders
    /// holding raw/; "uamt-h5" when a sub-folder holds mri_norm2.h5; "lasc" when a sub-folder holds lgemri.nrrd or laendo.nrrd.
    /// </summary>
    /// <exception cref="DatasetException">No layout or more than one layout matches.</exception>
    public static DatasetLayout DetectLayout(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"{full}: no such dataset folder.");
        var found = new List<DatasetLayout>();
        if (SplitFolderScanner.Looks(full)) found.Add(DatasetLayout.SplitFolders);
        var subFolders = Directory.GetDirectories(full);
        if (subFolders.Any(d => File.Exists(Path.Combine(d, UamtFile)))) found.Add(DatasetLayout.UamtH5);
        if (subFolders.Any(d => File.Exists(Path.Combine(d, LascImageFile)) || File.Exists(Path.Combine(d, LascLabelFile)))) found.Add(DatasetLayout.Lasc);
        return found.Count switch
        {
            1 => found[0],
            0 => throw new DatasetException(
                $"{full}: no known dataset layout found; expected one of: lasc ({Describe(DatasetLayout.Lasc)}), " +
                $"split ({Describe(DatasetLayout.SplitFolders)}), uamt-h5 ({Describe(DatasetLayout.UamtH5)})."),
            _ => throw new DatasetException(
                $"{full}: the folder matches several layouts ({string.Join(", ", found.Select(l => l.Name()))}); name the one to use (--layout)."),
        };
    }

    /// <summary>A short description of a layout's file arrangement, for messages.</summary>
    public static string Describe(DatasetLayout layout) => layout switch
    {
        DatasetLayout.Lasc => $"<root>/<CaseId>/{LascImageFile} + {LascLabelFile}",
        DatasetLayout.SplitFolders => "<root>/train|validate|test/raw|label/<CaseId>.nrrd",
        DatasetLayout.UamtH5 => $"<root>/<CaseId>/{UamtFile}",
        _ => layout.ToString(),
    };

    private static List<CaseFileEntry> ScanLasc(string root)
    {
        var entries = new List<CaseFileEntry>();
        foreach (var folder in Directory.GetDirectories(root))
        {
            var id = Path.GetFileName(folder);
            var image = Path.Combine(folder, LascImageFile);
            var label = Path.Combine(folder, LascLabelFile);
            if (File.Exists(image)) entries.Add(new CaseFileEntry(id, image, CaseFileRole.Image));
            if (File.Exists(label)) entries.Add(new CaseFileEntry(id, label, CaseFileRole.Label));
        }
        return entries;
    }

    private static List<CaseFileEntry> ScanUamt(string root)
    {
        var entries = new List<CaseFileEntry>();
        foreach (var folder in Directory.GetDirectories(root))
        {
            var file = Path.Combine(folder, UamtFile);
            if (!File.Exists(file)) continue;
            // One file holds both datasets: it is the image and the label of its case.
            var id = Path.GetFileName(folder);
            entries.Add(new CaseFileEntry(id, file, CaseFileRole.Image));
            entries.Add(new CaseFileEntry(id, file, CaseFileRole.Label));
        }
        return entries;
    }
}
