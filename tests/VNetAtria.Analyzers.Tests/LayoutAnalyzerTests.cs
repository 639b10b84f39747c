using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VNetAtria.Analyzers.Tests;

/// <summary>VNA3001 (line length from .editorconfig) and VNA3002 (Allman braces) on hand-written snippets.</summary>
public sealed class LayoutAnalyzerTests
{
    [Fact]
    public void A_line_one_character_over_max_line_length_is_flagged_and_one_at_the_limit_is_not()
    {
        var atLimit = "// " + new string('x', 37);   // 40 characters
        var over = "// " + new string('y', 38);      // 41 characters
        var source = $"{atLimit}\n{over}\nclass C\n{{\n}}\n";

        var found = Diagnose(source, maxLineLength: "40");

        var d = Assert.Single(found);
        Assert.Equal(("VNA3001", 2), (d.Id, d.Line));
    }

    [Fact]
    public void Without_max_line_length_no_line_is_flagged()
    {
        Assert.Empty(Diagnose("// " + new string('z', 500) + "\nclass C\n{\n}\n", maxLineLength: null));
    }

    [Fact]
    public void An_opening_brace_at_the_end_of_a_line_is_flagged_for_multi_line_bodies_only()
    {
        const string source = """
            class C {
                int P { get; set; }
                void M(bool b)
                {
                    if (b) {
                        M(false);
                    }
                    if (b) { M(true); }
                    var o = new System.Collections.Generic.List<int> {
                        1,
                    };
                }
            }
            """;

        var found = Diagnose(source, maxLineLength: null);

        // The class body (line 1) and the if block (line 5); not the one-line block, accessors or the initializer.
        Assert.Equal([("VNA3002", 1), ("VNA3002", 5)], found.Select(d => (d.Id, d.Line)));
    }

    [Fact]
    public void Allman_braces_are_not_flagged()
    {
        const string source = """
            namespace N
            {
                class C
                {
                    void M()
                    {
                        switch (1)
                        {
                            default:
                                break;
                        }
                    }
                }
            }
            """;

        Assert.Empty(Diagnose(source, maxLineLength: null));
    }

    private static IReadOnlyList<(string Id, int Line)> Diagnose(string source, string? maxLineLength)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/snippet.cs");
        var compilation = CSharpCompilation.Create("Snippet", [tree],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var options = new AnalyzerOptions([], new Options(maxLineLength));
        return compilation.WithAnalyzers([new LayoutAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult()
            .Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1))
            .OrderBy(d => d.Item2)
            .ToList();
    }

    // .editorconfig's options as the compiler hands them to analyzers.
    private sealed class Options(string? maxLineLength) : AnalyzerConfigOptionsProvider
    {
        private readonly TreeOptions _options = new(maxLineLength);
        public override AnalyzerConfigOptions GlobalOptions => _options;
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
    }

    private sealed class TreeOptions(string? maxLineLength) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            value = maxLineLength ?? "";
            return key == "max_line_length" && maxLineLength is not null;
        }
    }
}
