namespace VNetAtria.Data;

/// <summary>
/// The UA-MT style split lists: <c>train.list</c> and <c>test.list</c>, one case id per line. The semi-supervised
/// left-atrium literature evaluates on <c>test.list</c>, so its cases become <see cref="DatasetSplit.Validation"/>
/// (our validation set is the set results are reported on, as in the original project's 80/20 split).
/// </summary>
/// <param name="TrainListPath">The train.list file, or null when there is none.</param>
/// <param name="TestListPath">The test.list file, or null when there is none.</param>
/// <param name="Train">The ids of train.list, in file order.</param>
/// <param name="Test">The ids of test.list, in file order.</param>
public sealed record SplitLists(string? TrainListPath, string? TestListPath, IReadOnlyList<string> Train, IReadOnlyList<string> Test)
{
    /// <summary>The train list's file name.</summary>
    public const string TrainListName = "train.list";

    /// <summary>The test list's file name.</summary>
    public const string TestListName = "test.list";

    /// <summary>
    /// Looks for train.list / test.list in <paramref name="root"/>, then in its parent folder (the UA-MT repository keeps
    /// them beside the case folder's parent). Returns null when neither folder has any.
    /// </summary>
    public static SplitLists? Find(string root)
    {
        var full = Path.GetFullPath(root);
        foreach (var folder in new[] { full, Path.GetDirectoryName(full) })
        {
            if (folder is null) continue;
            var train = Path.Combine(folder, TrainListName);
            var test = Path.Combine(folder, TestListName);
            if (File.Exists(train) || File.Exists(test))
                return Load(File.Exists(train) ? train : null, File.Exists(test) ? test : null);
        }
        return null;
    }

    /// <summary>Reads the given list files (either may be null).</summary>
    public static SplitLists Load(string? trainListPath, string? testListPath) =>
        new(trainListPath, testListPath,
            trainListPath is null ? [] : ReadIds(trainListPath),
            testListPath is null ? [] : ReadIds(testListPath));

    /// <summary>
    /// Reads a list file: one id per line; blank lines and lines starting with '#' are skipped; an entry written as a
    /// path ("&lt;id&gt;/mri_norm2.h5", "./&lt;id&gt;") gives the folder name of the case.
    /// </summary>
    public static IReadOnlyList<string> ReadIds(string path)
    {
        var ids = new List<string>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
            if (parts.Count > 1 && parts[^1].Contains('.')) parts.RemoveAt(parts.Count - 1);
            ids.Add(parts.Count == 0 ? line : parts[^1]);
        }
        return ids;
    }
}
