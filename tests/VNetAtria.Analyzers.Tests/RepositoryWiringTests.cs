using System.Xml.Linq;

namespace VNetAtria.Analyzers.Tests;

/// <summary>The analyzer runs on every C# project of the solution (Directory.Build.targets), bar the two that cannot.</summary>
public sealed class RepositoryWiringTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Every_project_of_the_solution_runs_the_analyzer_except_the_analyzer_and_its_tests()
    {
        var projects = File.ReadAllLines(Path.Combine(Root, "VNetAtria.sln"))
            .Where(l => l.StartsWith("Project(", StringComparison.Ordinal) && l.Contains(".csproj", StringComparison.Ordinal))
            .Select(l => l.Split(',')[1].Trim().Trim('"').Replace('\\', '/'))
            .ToList();
        Assert.Contains("src/VNetAtria/VNetAtria.csproj", projects);
        var optedOut = projects
            .Where(p => XDocument.Load(Path.Combine(Root, p)).Descendants("VNetAtriaScalarAnalyzer").Any(e => e.Value.Trim() == "false"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["src/VNetAtria.Analyzers/VNetAtria.Analyzers.csproj", "tests/VNetAtria.Analyzers.Tests/VNetAtria.Analyzers.Tests.csproj"], optedOut);
    }

    [Fact]
    public void The_shared_targets_reference_the_analyzer_as_an_analyzer_only()
    {
        var reference = XDocument.Load(Path.Combine(Root, "Directory.Build.targets")).Descendants("ProjectReference")
            .Single(e => ((string?)e.Attribute("Include"))?.EndsWith("VNetAtria.Analyzers.csproj", StringComparison.Ordinal) == true);
        Assert.Equal("Analyzer", (string?)reference.Attribute("OutputItemType"));
        Assert.Equal("false", (string?)reference.Attribute("ReferenceOutputAssembly"));
    }

    [Fact]
    public void No_source_file_turns_the_rules_off_wholesale()
    {
        // Local pragmas are the only allowed suppression; a global one or an .editorconfig severity would hide every site.
        var offenders = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(IsSourceFile)
            .Where(f => Path.GetFileName(f) is ".editorconfig" or ".globalconfig" or "GlobalSuppressions.cs"
                || Path.GetExtension(f) is ".props" or ".targets" or ".csproj" or ".rsp")
            .Where(f => File.ReadAllText(f).Contains("VNA200", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();
        Assert.Empty(offenders);
    }

    private static bool IsSourceFile(string path) =>
        !Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VNetAtria.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"VNetAtria.sln not found above {AppContext.BaseDirectory}.");
    }
}
