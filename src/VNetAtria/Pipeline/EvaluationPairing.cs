using VNetAtria.Data;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Pipeline;

/// <summary>
/// Pairs predictions with references for <c>vnet-atria evaluate</c>. Each side is a file, a folder of volume files
/// (case id = file name without extension and role word, as <see cref="SplitFolderScanner.CaseIdOf"/>), or, for the
/// reference, a dataset root of any supported layout whose labels are used.
/// </summary>
public static class EvaluationPairing
{
    /// <summary>The pairs, sorted by case id; every unpaired case is listed in one error.</summary>
    public static IReadOnlyList<EvaluationPair> Pair(string predictions, string references, DatasetLayout? referenceLayout = null)
    {
        if (File.Exists(predictions) && File.Exists(references))
            return [new EvaluationPair(SplitFolderScanner.CaseIdOf(predictions), Path.GetFullPath(predictions), Path.GetFullPath(references), ReferenceDatasetOf(references))];
        if (!Directory.Exists(predictions))
            throw new FileNotFoundException($"{predictions}: no such prediction file or folder.", predictions);
        if (!Directory.Exists(references))
            throw new FileNotFoundException($"{references}: no such reference file or folder" + (File.Exists(references) ? " (a single reference file needs a single prediction file)." : "."), references);

        var predicted = PredictionFiles(predictions);
        var labels = ReferenceLabels(references, referenceLayout);
        var problems = new List<string>();
        problems.AddRange(predicted.Keys.Where(id => !labels.ContainsKey(id)).Select(id => $"prediction '{id}' has no reference"));
        problems.AddRange(labels.Keys.Where(id => !predicted.ContainsKey(id)).Select(id => $"reference '{id}' has no prediction"));
        if (problems.Count > 0)
            throw new DatasetException($"Cannot pair predictions in {predictions} with references in {references}: {DatasetException.ListSome(problems)}.", problems);
        return predicted.Keys.Order(StringComparer.Ordinal)
            .Select(id => new EvaluationPair(id, predicted[id], labels[id].Path, labels[id].Dataset))
            .ToList();
    }

    private static Dictionary<string, string> PredictionFiles(string folder)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder).Where(IsVolume).Order(StringComparer.Ordinal))
        {
            var id = SplitFolderScanner.CaseIdOf(file);
            if (!result.TryAdd(id, Path.GetFullPath(file))) duplicates.Add($"case '{id}': {result[id]} and {file}");
        }
        if (duplicates.Count > 0) throw new DatasetException($"{folder}: several predictions for the same case.", duplicates);
        if (result.Count == 0) throw new DatasetException($"{folder}: no prediction volumes (.nrrd, .nhdr, .nii, .nii.gz, .h5) found.", []);
        return result;
    }

    private static Dictionary<string, (string Path, string? Dataset)> ReferenceLabels(string folder, DatasetLayout? layout)
    {
        // A dataset root of a known layout gives its labels; otherwise the folder holds one label file per case.
        var detected = layout;
        if (detected is null)
        {
            try { detected = CaseDiscovery.DetectLayout(folder); }
            catch (DatasetException) { detected = null; }
        }
        if (detected is not null)
        {
            var dataset = CaseDiscovery.Discover(folder, new DiscoveryOptions { Layout = detected, AllowUnlabeled = false });
            return dataset.Cases.ToDictionary(c => c.CaseId, c => (c.LabelPath!, c.LabelDataset), StringComparer.Ordinal);
        }
        return PredictionFiles(folder).ToDictionary(kv => kv.Key, kv => (kv.Value, ReferenceDatasetOf(kv.Value)), StringComparer.Ordinal);
    }

    private static string? ReferenceDatasetOf(string path) => VolumeFile.FormatOf(path) == VolumeFormat.UamtH5 ? "label" : null;

    private static bool IsVolume(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return !name.StartsWith('.') && (name.EndsWith(".nrrd") || name.EndsWith(".nhdr") || name.EndsWith(".nii") || name.EndsWith(".nii.gz") || name.EndsWith(".h5"));
    }
}
