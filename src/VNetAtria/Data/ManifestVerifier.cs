namespace VNetAtria.Data;

/// <summary>What is wrong with one file or case of a manifest.</summary>
public enum ManifestProblemKind
{
    /// <summary>The file does not exist.</summary>
    MissingFile,

    /// <summary>The file's SHA-256 differs from the manifest's (the file changed).</summary>
    HashMismatch,

    /// <summary>The manifest records no hash for the file (an incomplete template).</summary>
    NoHash,

    /// <summary>The image's shape differs from the manifest's.</summary>
    ShapeMismatch,

    /// <summary>The image's spacing differs from the manifest's.</summary>
    SpacingMismatch,

    /// <summary>The file could not be read to check its shape and spacing.</summary>
    Unreadable,
}

/// <summary>One problem found by <see cref="ManifestVerifier"/>.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Path">The manifest-relative path of the file, if the problem is about one file.</param>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Message">The problem in words, naming the file and expected against found.</param>
public sealed record ManifestProblem(string CaseId, string? Path, ManifestProblemKind Kind, string Message);

/// <summary>The outcome of verifying a manifest against its files.</summary>
/// <param name="Root">The data folder checked.</param>
/// <param name="CasesChecked">Number of cases.</param>
/// <param name="FilesChecked">Number of distinct files hashed.</param>
/// <param name="Problems">Every problem found, in case order; empty when all is well.</param>
public sealed record ManifestVerification(string Root, int CasesChecked, int FilesChecked, IReadOnlyList<ManifestProblem> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool Ok => Problems.Count == 0;
}

/// <summary>Options for <see cref="ManifestVerifier.Verify"/>.</summary>
public sealed record ManifestVerifyOptions
{
    /// <summary>Also read every image and compare its shape and spacing with the manifest's (slower). False by default.</summary>
    public bool CheckGeometry { get; init; }

    /// <summary>How shapes and spacing are read; null uses <see cref="VolumeGrid.Read"/>.</summary>
    public VolumeGridReader? GridReader { get; init; }

    /// <summary>Progress of hashing and reading.</summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    /// <summary>Stops the work early (throws <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>
/// Checks that a data folder still matches its manifest: every file exists and has the recorded SHA-256 (so a single
/// changed byte is caught), and optionally every image has the recorded shape and spacing. Reports every problem, not
/// just the first.
/// </summary>
public static class ManifestVerifier
{
    /// <summary>Verifies <paramref name="manifest"/> against the files below <paramref name="root"/>.</summary>
    public static ManifestVerification Verify(DatasetManifest manifest, string root, ManifestVerifyOptions? options = null)
    {
        options ??= new ManifestVerifyOptions();
        var cancellationToken = options.CancellationToken;
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: no such data folder (the manifest's root).");
        var files = manifest.Cases.SelectMany(c => new[] { c.Image, c.Label }.OfType<ManifestFile>().Select(f => f.AbsolutePath(full))).ToList();
        var hashes = FileHashes.Sha256Many(files, options.Progress, cancellationToken);

        var problems = new List<ManifestProblem>();
        foreach (var c in manifest.Cases)
        {
            foreach (var (role, file) in new[] { ("image", c.Image), ("label", c.Label) })
            {
                if (file is null) continue;
                // UA-MT cases name the same file twice (two datasets); report it once.
                if (role == "label" && file.Path == c.Image.Path) continue;
                var path = file.AbsolutePath(full);
                if (!hashes.TryGetValue(path, out var actual))
                    problems.Add(new(c.Id, file.Path, ManifestProblemKind.MissingFile, $"{file.Path}: {role} of case {c.Id} is missing ({path})."));
                else if (file.Sha256 is null)
                    problems.Add(new(c.Id, file.Path, ManifestProblemKind.NoHash, $"{file.Path}: the manifest records no sha256 for the {role} of case {c.Id}; complete it with 'manifest create DATA_DIR --template MANIFEST'."));
                else if (!string.Equals(file.Sha256, actual, StringComparison.Ordinal))
                    problems.Add(new(c.Id, file.Path, ManifestProblemKind.HashMismatch, $"{file.Path}: the {role} of case {c.Id} changed: sha256 {actual}, manifest says {file.Sha256}."));
            }
        }
        if (options.CheckGeometry)
            problems.AddRange(CheckGeometry(manifest, full, options, hashes, cancellationToken));
        var order = manifest.Cases.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var sorted = problems.OrderBy(p => order[p.CaseId]).ThenBy(p => p.Kind).ToList();
        return new ManifestVerification(full, manifest.Cases.Count, hashes.Count, sorted);
    }

    private static List<ManifestProblem> CheckGeometry(DatasetManifest manifest, string root, ManifestVerifyOptions options, IReadOnlyDictionary<string, string> hashes, CancellationToken cancellationToken)
    {
        var reader = options.GridReader ?? VolumeGrid.Read;
        var results = new ManifestProblem?[manifest.Cases.Count][];
        var done = 0;
        Parallel.For(0, manifest.Cases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            var c = manifest.Cases[i];
            var path = c.Image.AbsolutePath(root);
            var found = new List<ManifestProblem>();
            if (hashes.ContainsKey(path) && (c.Shape is not null || c.Spacing is not null))
            {
                try
                {
                    var grid = reader(path, c.Image.Dataset);
                    if (c.Shape is { } shape && grid.Shape != shape)
                        found.Add(new(c.Id, c.Image.Path, ManifestProblemKind.ShapeMismatch, $"{c.Image.Path}: shape {grid.Shape}, manifest says {shape}."));
                    if (c.Spacing is { } spacing && !ManifestBuilder.SpacingClose(grid.Spacing, spacing))
                        found.Add(new(c.Id, c.Image.Path, ManifestProblemKind.SpacingMismatch, $"{c.Image.Path}: spacing {grid.Spacing}, manifest says {spacing}."));
                }
                catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or NotImplementedException or UnauthorizedAccessException)
                {
                    found.Add(new(c.Id, c.Image.Path, ManifestProblemKind.Unreadable, $"{c.Image.Path}: could not read shape and spacing: {e.Message}"));
                }
            }
            results[i] = found.ToArray();
            options.Progress?.Report(new WorkProgress("reading shapes", Interlocked.Increment(ref done), manifest.Cases.Count, c.Id));
        });
        return results.SelectMany(r => r).OfType<ManifestProblem>().ToList();
    }
}
