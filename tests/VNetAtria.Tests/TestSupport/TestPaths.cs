namespace VNetAtria.Tests.TestSupport;

/// <summary>Where the repository and the shared test data (other tools' files, real LASC cases) are.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder holding VNetAtria.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// The shared data folder: $VNETATRIA_SHARED_DATA, else ../shared/data beside the repository.
    /// A user's clone has none; tests that need it skip with <see cref="RequireSharedData"/>.
    /// </summary>
    public static string SharedData { get; } =
        Environment.GetEnvironmentVariable("VNETATRIA_SHARED_DATA") is { Length: > 0 } env
            ? Path.GetFullPath(env)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    /// <summary>A path below the shared data folder; skips the test with a clear message when it is missing.</summary>
    public static string RequireSharedData(string relative)
    {
        var path = Path.Combine(SharedData, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Skip($"Shared test data '{path}' is not present (a clone has no ../shared/data; set VNETATRIA_SHARED_DATA to use another copy).");
        return path;
    }

    /// <summary>A fresh empty temporary folder, removed when the test process ends or by the caller.</summary>
    public static string NewTempDir(string prefix = "vnetatria-test")
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
