namespace VNetAtria.Tests.Data;

/// <summary>Builds dataset folders out of plain files (no volume writer needed: discovery works from names).</summary>
internal static class DataTestFiles
{
    /// <summary>Creates a file with the given text (its own path by default, so every file has distinct bytes).</summary>
    public static string Touch(string root, string relative, string? content = null)
    {
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content ?? relative);
        return path;
    }

    /// <summary>A LASC layout folder with the given case ids, each with image and label.</summary>
    public static string LascFolder(params string[] ids)
    {
        var root = TestSupport.TestPaths.NewTempDir("vnetatria-lasc");
        foreach (var id in ids)
        {
            Touch(root, $"{id}/lgemri.nrrd");
            Touch(root, $"{id}/laendo.nrrd");
        }
        return root;
    }
}
