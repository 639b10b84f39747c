using System.Reflection;
using VNetAtria.Plotting.Interactive;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Plotting;

/// <summary>
/// Every FSharp.Core type and member that the chart stack references exists in the oldest FSharp.Core we let
/// answer for it (<see cref="KernelFSharpCore.OldestAccepted"/>, 10.0: the dotnet-interactive 1.0.712001 kernel's),
/// read from metadata, so binding Plotly.NET to the kernel's copy cannot fail with a MissingMethodException. The
/// negative control shows the check finds what is missing when the baseline is too old (FSharp.Core 5.0).
/// </summary>
public sealed class FSharpCoreReferencesTests
{
    /// <summary>The assemblies of the chart stack that must reference FSharp.Core (the output folder may hold more).</summary>
    private static readonly string[] ChartStack = ["Plotly.NET", "Plotly.NET.CSharp", "DynamicObj", "Giraffe.ViewEngine", "Fable.Core", "VNetAtria.Plotting"];

    /// <summary>Every assembly beside the tests (the chart stack, our assemblies, the rest) that references FSharp.Core.</summary>
    private static IReadOnlyList<string> Referencing() =>
        Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => Path.GetFileNameWithoutExtension(p) != FSharpCoreSurface.FSharpCore && FSharpCoreSurface.ReferencedVersion(p) is not null)
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void The_chart_stack_and_our_plotting_assembly_reference_fsharp_core()
    {
        var counts = Referencing().ToDictionary(p => Path.GetFileNameWithoutExtension(p)!, p => FSharpCoreSurface.Referenced(p).Count);
        TestContext.Current.SendDiagnosticMessage("FSharp.Core types and members referenced: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        Assert.All(ChartStack, a => Assert.Contains(a, counts.Keys));
        // Real references, not an empty scan: Plotly.NET uses FSharp.Core throughout (options, lists, functions).
        Assert.True(counts["Plotly.NET"] > 100, $"only {counts["Plotly.NET"]} FSharp.Core references found in Plotly.NET.");
    }

    [Fact]
    public void No_assembly_asks_for_an_fsharp_core_newer_than_the_resolver_answers()
    {
        // KernelFSharpCore answers requests up to NewestRequested; a newer reference (a future Plotly.NET) needs this
        // check rerun against the new version before the range is widened.
        foreach (var path in Referencing())
            Assert.True(FSharpCoreSurface.ReferencedVersion(path) <= KernelFSharpCore.NewestRequested,
                $"{Path.GetFileName(path)} references FSharp.Core {FSharpCoreSurface.ReferencedVersion(path)}, newer than {KernelFSharpCore.NewestRequested}.");
    }

    [Fact]
    public void Every_referenced_fsharp_core_member_exists_in_fsharp_core_10_0()
    {
        var baseline = Baseline("10.0.111");
        Assert.Equal(KernelFSharpCore.OldestAccepted, FSharpCoreSurface.AssemblyVersion(baseline));
        Assert.Empty(Missing(baseline));
    }

    [Fact]
    public void Every_referenced_fsharp_core_member_exists_in_the_kernels_own_fsharp_core()
    {
        // The very file the pinned dotnet-interactive tool loads (10.0.103, not served as a package), when it is restored.
        var manifest = Path.Combine(TestPaths.RepoRoot, ".config", "dotnet-tools.json");
        var version = (string?)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?["microsoft.dotnet-interactive"]?["version"]
            ?? throw new InvalidOperationException($"{manifest} does not pin microsoft.dotnet-interactive.");
        var tool = Path.Combine(PackageRoot(), "microsoft.dotnet-interactive", version, "tools", "net10.0", "any", "FSharp.Core.dll");
        if (!File.Exists(tool)) Assert.Skip($"The dotnet-interactive tool is not restored ({tool} is missing): run `dotnet tool restore`.");
        Assert.Equal(KernelFSharpCore.OldestAccepted, FSharpCoreSurface.AssemblyVersion(tool));
        Assert.Empty(Missing(tool));
    }

    [Fact]
    public void Negative_control_fsharp_core_5_0_lacks_members_that_plotly_net_uses()
    {
        var missing = Missing(Baseline("5.0.0"));
        TestContext.Current.SendDiagnosticMessage($"{missing.Count} missing from FSharp.Core 5.0, e.g. " + string.Join(" | ", missing.Take(5)));
        Assert.NotEmpty(missing);
        // Plotly.NET 6 is compiled against 10.1 and uses members added after 5.0; Giraffe.ViewEngine, compiled
        // against 5.0, needs nothing newer.
        Assert.Contains(missing, m => m.StartsWith("Plotly.NET:", StringComparison.Ordinal));
        Assert.DoesNotContain(missing, m => m.StartsWith("Giraffe.ViewEngine:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_sees_a_member_with_a_changed_signature_as_missing()
    {
        // The comparison is by signature, not by name: List.map exists in every version, with this exact signature.
        var defined = FSharpCoreSurface.Defined(Baseline("10.0.111"));
        const string map = "M:Microsoft.FSharp.Collections.ListModule::Map`2(Microsoft.FSharp.Core.FSharpFunc`2<!!0,!!1>,Microsoft.FSharp.Collections.FSharpList`1<!!0>)->Microsoft.FSharp.Collections.FSharpList`1<!!1> static";
        Assert.Contains(map, defined);
        Assert.DoesNotContain(map.Replace("FSharpList`1<!!1>", "FSharpList`1<!!0>", StringComparison.Ordinal), defined);
    }

    /// <summary>"Assembly: member" for every FSharp.Core member the FSharp.Core-referencing assemblies use and the file at <paramref name="fsharpCore"/> lacks.</summary>
    private static List<string> Missing(string fsharpCore)
    {
        var defined = FSharpCoreSurface.Defined(fsharpCore);
        return Referencing()
            .SelectMany(path => FSharpCoreSurface.Referenced(path).Where(m => !defined.Contains(m))
                .Select(m => $"{Path.GetFileNameWithoutExtension(path)}: {m}"))
            .ToList();
    }

    private static string Beside(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly + ".dll");

    /// <summary>FSharp.Core <paramref name="version"/> from the package cache (the test project downloads it).</summary>
    private static string Baseline(string version)
    {
        var lib = Path.Combine(PackageRoot(), "fsharp.core", version, "lib");
        var path = new[] { "netstandard2.1", "netstandard2.0" }.Select(tfm => Path.Combine(lib, tfm, "FSharp.Core.dll")).FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException($"FSharp.Core {version} is not in {lib}: restore tests/VNetAtria.Tests (it downloads the package).");
    }

    private static string PackageRoot() =>
        typeof(FSharpCoreReferencesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value
        ?? throw new InvalidOperationException("The test assembly lacks its NuGetPackageRoot metadata (VNetAtria.Tests.csproj).");
}
