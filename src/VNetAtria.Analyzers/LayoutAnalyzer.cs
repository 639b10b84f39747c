using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace VNetAtria.Analyzers;

/// <summary>
/// Line length (VNA3001, from .editorconfig's <c>max_line_length</c>; off when unset) and Allman braces for
/// multi-line blocks, type and namespace bodies, accessor lists and switch statements (VNA3002; initializers and
/// switch expressions may open on the line of their <c>new</c> or <c>switch</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LayoutAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LayoutDiagnostics.LineTooLong, LayoutDiagnostics.BraceNotOnOwnLine);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(AnalyzeLines);
        context.RegisterSyntaxNodeAction(AnalyzeBraces,
            SyntaxKind.Block, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration,
            SyntaxKind.RecordStructDeclaration, SyntaxKind.InterfaceDeclaration, SyntaxKind.EnumDeclaration,
            SyntaxKind.NamespaceDeclaration, SyntaxKind.AccessorList, SyntaxKind.SwitchStatement);
    }

    private static void AnalyzeLines(SyntaxTreeAnalysisContext context)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(context.Tree);
        if (!options.TryGetValue("max_line_length", out var text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max <= 0) return;
        var source = context.Tree.GetText(context.CancellationToken);
        foreach (var line in source.Lines)
        {
            if (line.Span.Length <= max) continue;
            context.ReportDiagnostic(Diagnostic.Create(LayoutDiagnostics.LineTooLong,
                Location.Create(context.Tree, line.Span), line.Span.Length, max));
        }
    }

    private static void AnalyzeBraces(SyntaxNodeAnalysisContext context)
    {
        var (open, close) = context.Node switch
        {
            BlockSyntax b => (b.OpenBraceToken, b.CloseBraceToken),
            BaseTypeDeclarationSyntax t => (t.OpenBraceToken, t.CloseBraceToken),
            NamespaceDeclarationSyntax n => (n.OpenBraceToken, n.CloseBraceToken),
            AccessorListSyntax a => (a.OpenBraceToken, a.CloseBraceToken),
            SwitchStatementSyntax s => (s.OpenBraceToken, s.CloseBraceToken),
            _ => (default, default),
        };
        if (open.IsMissing || open.RawKind == 0) return;
        var tree = context.Node.SyntaxTree;
        var openLine = tree.GetLineSpan(open.Span).StartLinePosition.Line;
        if (tree.GetLineSpan(close.Span).StartLinePosition.Line == openLine) return; // a one-line body may stay inline
        var previous = open.GetPreviousToken();
        if (previous.RawKind == 0 || tree.GetLineSpan(previous.Span).EndLinePosition.Line != openLine) return;
        context.ReportDiagnostic(Diagnostic.Create(LayoutDiagnostics.BraceNotOnOwnLine, open.GetLocation()));
    }
}
