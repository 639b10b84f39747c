namespace VNetAtria.Data;

/// <summary>Whether a discovered file is a case's image or its label.</summary>
internal enum CaseFileRole
{
    Image,
    Label,
}

/// <summary>One file found by a layout scanner, before pairing.</summary>
internal sealed record CaseFileEntry(string CaseId, string Path, CaseFileRole Role, DatasetSplit? Split = null);

/// <summary>
/// Pairs images with labels by case id and reports every problem at once: duplicate ids, labels without an image,
/// images without a label (unless unlabelled cases are allowed) and a case whose image and label sit in different splits.
/// </summary>
internal static class CasePairing
{
    public static IReadOnlyList<CaseRecord> Pair(string root, DatasetLayout layout, IEnumerable<CaseFileEntry> entries, bool allowUnlabeled)
    {
        var duplicates = new List<string>();
        var orphanLabels = new List<string>();
        var orphanImages = new List<string>();
        var splitConflicts = new List<string>();
        var cases = new List<CaseRecord>();

        foreach (var group in entries.GroupBy(e => e.CaseId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var images = group.Where(e => e.Role == CaseFileRole.Image).ToList();
            var labels = group.Where(e => e.Role == CaseFileRole.Label).ToList();
            if (images.Count > 1) duplicates.Add($"{group.Key}: {images.Count} images ({string.Join(", ", images.Select(e => e.Path))})");
            if (labels.Count > 1) duplicates.Add($"{group.Key}: {labels.Count} labels ({string.Join(", ", labels.Select(e => e.Path))})");
            if (images.Count > 1 || labels.Count > 1) continue;
            if (images.Count == 0)
            {
                orphanLabels.Add($"{group.Key} ({labels[0].Path})");
                continue;
            }
            var image = images[0];
            var label = labels.Count == 1 ? labels[0] : null;
            if (label is null && !allowUnlabeled)
            {
                orphanImages.Add($"{group.Key} ({image.Path})");
                continue;
            }
            if (label is not null && image.Split != label.Split)
            {
                splitConflicts.Add($"{group.Key}: image in {image.Split?.Name() ?? "no split"} ({image.Path}), label in {label.Split?.Name() ?? "no split"} ({label.Path})");
                continue;
            }
            cases.Add(new CaseRecord(group.Key, image.Path, label?.Path, layout, image.Split));
        }

        var problems = new List<string>();
        var summary = new List<string>();
        if (duplicates.Count > 0)
        {
            summary.Add($"{duplicates.Count} duplicate case id(s): {DatasetException.ListSome(duplicates, 3)}; keep one file per case id");
            problems.AddRange(duplicates.Select(d => "duplicate case id " + d));
        }
        if (orphanLabels.Count > 0)
        {
            summary.Add($"{orphanLabels.Count} label(s) without an image: {DatasetException.ListSome(orphanLabels, 5)}");
            problems.AddRange(orphanLabels.Select(o => "label without an image: " + o));
        }
        if (orphanImages.Count > 0)
        {
            summary.Add($"{orphanImages.Count} image(s) without a label: {DatasetException.ListSome(orphanImages, 5)}; add the labels or, for prediction-only data, allow unlabelled cases (--allow-unlabeled)");
            problems.AddRange(orphanImages.Select(o => "image without a label: " + o));
        }
        if (splitConflicts.Count > 0)
        {
            summary.Add($"{splitConflicts.Count} case(s) with image and label in different splits: {DatasetException.ListSome(splitConflicts, 3)}");
            problems.AddRange(splitConflicts.Select(c => "image and label in different splits: " + c));
        }
        if (problems.Count > 0)
            throw new DatasetException($"{root}: {string.Join("; ", summary)}.", problems);
        return cases;
    }
}
