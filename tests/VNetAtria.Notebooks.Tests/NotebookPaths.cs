namespace VNetAtria.Notebooks.Tests;

/// <summary>Where the repository and its notebooks are.</summary>
public static class NotebookPaths
{
    /// <summary>The repository root (the folder holding VNetAtria.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The notebooks folder.</summary>
    public static string NotebooksFolder => Path.Combine(RepoRoot, "notebooks");

    /// <summary>A notebook by file name.</summary>
    public static string Notebook(string fileName) => Path.Combine(NotebooksFolder, fileName);

    /// <summary>Every .ipynb in the notebooks folder, sorted.</summary>
    public static IReadOnlyList<string> AllNotebooks() =>
        Directory.GetFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal).ToList();

    /// <summary>A fresh empty temporary folder.</summary>
    public static string NewTempDir(string prefix = "vnetatria-notebooks")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "VNetAtria.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Could not find VNetAtria.sln above {AppContext.BaseDirectory}.");
    }
}
