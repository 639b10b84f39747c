using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VNetAtria.Analyzers.Tests;

/// <summary>Compiles a C# snippet against the real TorchSharp.dll with Roslyn and runs the analyzer on it.</summary>
internal static class AnalyzerHarness
{
    /// <summary>The TorchSharp.dll the solution builds against (this project references the same package version).</summary>
    public static string TorchSharpPath { get; } = typeof(TorchSharp.Scalar).Assembly.Location;

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p)),
        MetadataReference.CreateFromFile(TorchSharpPath),
    ];

    /// <summary>A compilation of <paramref name="source"/> (a whole file) against TorchSharp and the framework.</summary>
    public static CSharpCompilation Compile(string source) => CSharpCompilation.Create(
        "Snippet",
        [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>
    /// The analyzer's diagnostics on <paramref name="body"/> (statements in a method with Tensors <c>a</c> and
    /// <c>b</c>) and <paramref name="members"/> (class members beside it), as (id, flagged source text), in source
    /// order. Fails when the snippet itself does not compile.
    /// </summary>
    public static IReadOnlyList<(string Id, string Text)> Diagnose(string body, string members = "")
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            public static class Snippet
            {
                {{members}}

                public static void Run(Tensor a, Tensor b)
                {
                    {{body}}
                }
            }
            """;
        var compilation = Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the snippet does not compile:\n" + string.Join("\n", errors));
        var diagnostics = compilation
            .WithAnalyzers([new TemporaryScalarAnalyzer()])
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return diagnostics
            .OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => (d.Id, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)))
            .ToList();
    }
}
