using System.Runtime.ExceptionServices;

namespace VNetAtria.Data;

/// <summary>
/// Creates a manifest for a data folder: discovers and pairs the cases (or takes them from a template), assigns the
/// split, hashes every file in parallel and, optionally, reads every shape and spacing and checks that each image and
/// its label share a shape.
/// </summary>
public static class ManifestBuilder
{
    /// <summary>Creates the manifest of the data folder <paramref name="dataDir"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DatasetException">Discovery, pairing, split, template or shape problems (every one listed).</exception>
    public static ManifestCreation Create(string dataDir, ManifestCreateOptions? options = null)
    {
        options ??= new ManifestCreateOptions();
        var cancellationToken = options.CancellationToken;
        var root = Path.GetFullPath(dataDir);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: no such data folder.");
        var warnings = new List<string>();
        var draft = options.Template is { } template
            ? FromTemplate(root, template, warnings)
            : FromDiscovery(root, options);

        var files = draft.Cases.SelectMany(c => c.Label is null ? new[] { c.Image } : [c.Image, c.Label]).Select(f => f.AbsolutePath(root)).ToList();
        var hashes = FileHashes.Sha256Many(files, options.Progress, cancellationToken);
        var missing = files.Where(f => !hashes.ContainsKey(f)).Distinct().ToList();
        if (missing.Count > 0)
            throw new DatasetException($"{root}: {missing.Count} file(s) vanished while hashing: {DatasetException.ListSome(missing, 5)}.", missing);

        var cases = draft.Cases.Select(c => c with
        {
            Image = c.Image with { Sha256 = hashes[c.Image.AbsolutePath(root)] },
            Label = c.Label is null ? null : c.Label with { Sha256 = hashes[c.Label.AbsolutePath(root)] },
        }).ToList();
        if (options.ReadGeometry)
            cases = ReadGeometry(root, cases, options.GridReader ?? VolumeGrid.Read, options.Progress, warnings, cancellationToken);

        var manifest = draft with
        {
            Name = options.Name ?? draft.Name,
            Root = RootFor(root, options.ManifestPath),
            CreatedBy = options.CreatedBy,
            Cases = cases,
        };
        return new ManifestCreation(manifest, warnings);
    }

    /// <summary>The manifest's root entry: the data folder relative to the manifest's folder ('/' separators), or absolute.</summary>
    public static string RootFor(string dataDir, string? manifestPath)
    {
        var root = Path.GetFullPath(dataDir);
        if (manifestPath is null) return root;
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var relative = Path.GetRelativePath(folder, root);
        if (Path.IsPathRooted(relative)) return relative;
        // A path that climbs all the way up to the file-system root (/tmp/m.json -> ../../work/data) says nothing
        // a reader can move together; the absolute path is clearer then.
        var ups = relative.Split(Path.DirectorySeparatorChar).TakeWhile(seg => seg == "..").Count();
        var depth = folder[Path.GetPathRoot(folder)!.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Length;
        return ups >= depth && depth > 0 ? root : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static DatasetManifest FromDiscovery(string root, ManifestCreateOptions options)
    {
        var found = CaseDiscovery.Discover(root, new DiscoveryOptions { Layout = options.Layout, AllowUnlabeled = options.AllowUnlabeled });
        var (splits, info) = AssignSplits(found, options);
        var cases = found.Cases.Select(c => new ManifestCase(
            c.CaseId,
            splits[c.CaseId],
            new ManifestFile(Relative(root, c.ImagePath), null, c.ImageDataset),
            c.LabelPath is null ? null : new ManifestFile(Relative(root, c.LabelPath), null, c.LabelDataset))).ToList();
        return new DatasetManifest
        {
            Name = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)),
            Layout = found.Layout,
            Split = info,
            Cases = cases,
        };
    }

    /// <summary>
    /// The split of discovered cases: unlabelled cases are always test (prediction only); the split layout's folders
    /// decide under <see cref="SplitSource.Auto"/>; else list files when asked for or (Auto) found; else the seeded split
    /// of the labelled, non-test cases.
    /// </summary>
    internal static (IReadOnlyDictionary<string, DatasetSplit> Splits, ManifestSplitInfo Info) AssignSplits(DiscoveredDataset found, ManifestCreateOptions options)
    {
        var result = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        foreach (var c in found.Cases.Where(c => !c.HasLabel)) result[c.CaseId] = DatasetSplit.Test;
        var labelled = found.Cases.Where(c => c.HasLabel).ToList();

        if (options.SplitSource == SplitSource.Auto && found.Layout == DatasetLayout.SplitFolders)
        {
            foreach (var c in labelled) result[c.CaseId] = c.Split ?? DatasetSplit.Train;
            return (result, new ManifestSplitInfo(ManifestSplitInfo.FoldersMethod));
        }
        if (options.SplitSource == SplitSource.Lists || (options.SplitSource == SplitSource.Auto && found.Lists is not null))
        {
            var lists = found.Lists ?? throw new DatasetException(
                $"{found.Root}: no {SplitLists.TrainListName} or {SplitLists.TestListName} in the data folder or the folder above it; add them or split by seed (--split seed).");
            foreach (var (id, split) in DatasetSplitter.FromLists(labelled.Select(c => c.CaseId), lists)) result[id] = split;
            return (result, new ManifestSplitInfo(ManifestSplitInfo.ListsMethod));
        }
        // Cases the split layout put in test/ stay there: a seeded split only divides train from validation.
        var pool = labelled.Where(c => c.Split != DatasetSplit.Test).Select(c => c.CaseId).ToList();
        foreach (var c in labelled.Where(c => c.Split == DatasetSplit.Test)) result[c.CaseId] = DatasetSplit.Test;
        foreach (var (id, split) in DatasetSplitter.Seeded(pool, options.SplitSeed, options.TrainFraction)) result[id] = split;
        return (result, new ManifestSplitInfo(ManifestSplitInfo.SeedMethod, options.SplitSeed, options.TrainFraction));
    }

    private static DatasetManifest FromTemplate(string root, DatasetManifest template, List<string> warnings)
    {
        var missing = new List<string>();
        foreach (var c in template.Cases)
        {
            var absent = new[] { c.Image, c.Label }.OfType<ManifestFile>().Where(f => !File.Exists(f.AbsolutePath(root))).Select(f => f.Path).Distinct().ToList();
            if (absent.Count > 0) missing.Add($"{c.Id} ({string.Join(", ", absent)})");
        }
        if (missing.Count > 0)
            throw new DatasetException(
                $"{root}: {missing.Count} of the template's {template.Cases.Count} cases are missing: {DatasetException.ListSome(missing, 8)}; " +
                $"check the data folder (expected layout {CaseDiscovery.Describe(template.Layout)}).",
                missing.Select(m => "missing case " + m).ToList());
        try
        {
            var found = CaseDiscovery.Discover(root, new DiscoveryOptions { Layout = template.Layout, AllowUnlabeled = true });
            var known = template.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var extra = found.Cases.Select(c => c.CaseId).Where(id => !known.Contains(id)).ToList();
            if (extra.Count > 0)
                warnings.Add($"{extra.Count} case(s) in {root} are not in the template and were left out: {DatasetException.ListSome(extra)}.");
        }
        catch (DatasetException)
        {
            // The template's files are all present; anything else in the folder is not ours to judge.
        }
        return template with { Cases = template.Cases.OrderBy(c => c.Id, StringComparer.Ordinal).ToList() };
    }

    private static List<ManifestCase> ReadGeometry(string root, List<ManifestCase> cases, VolumeGridReader reader, IProgress<WorkProgress>? progress, List<string> warnings, CancellationToken cancellationToken)
    {
        var image = new VolumeGrid[cases.Count];
        var label = new VolumeGrid?[cases.Count];
        var errors = new Exception?[cases.Count];
        var done = 0;
        Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            var c = cases[i];
            try
            {
                image[i] = reader(c.Image.AbsolutePath(root), c.Image.Dataset);
                if (c.Label is not null) label[i] = reader(c.Label.AbsolutePath(root), c.Label.Dataset);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
            progress?.Report(new WorkProgress("reading shapes", Interlocked.Increment(ref done), cases.Count, c.Id));
        });
        // The first failing case in id order: the same error on every run, whatever the thread timing.
        if (errors.FirstOrDefault(e => e is not null) is { } first) ExceptionDispatchInfo.Capture(first).Throw();

        var mismatched = new List<string>();
        var result = new List<ManifestCase>(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            if (label[i] is { } l)
            {
                if (l.Shape != image[i].Shape)
                    mismatched.Add($"{c.Id}: image {image[i].Shape}, label {l.Shape}");
                else if (!SpacingClose(l.Spacing, image[i].Spacing))
                    warnings.Add($"{c.Id}: image spacing {image[i].Spacing} differs from label spacing {l.Spacing}; the image's is recorded.");
            }
            result.Add(c with { Shape = image[i].Shape, Spacing = image[i].Spacing });
        }
        if (mismatched.Count > 0)
            throw new DatasetException($"{root}: {mismatched.Count} case(s) whose image and label shapes differ: {DatasetException.ListSome(mismatched, 5)}; each label must cover its image voxel for voxel.",
                mismatched.Select(m => "shape mismatch " + m).ToList());
        return result;
    }

    internal static bool SpacingClose(Imaging.Spacing3 a, Imaging.Spacing3 b, double relative = 1e-4) =>
        Math.Abs(a.D - b.D) <= relative * Math.Max(a.D, b.D) &&
        Math.Abs(a.H - b.H) <= relative * Math.Max(a.H, b.H) &&
        Math.Abs(a.W - b.W) <= relative * Math.Max(a.W, b.W);

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
