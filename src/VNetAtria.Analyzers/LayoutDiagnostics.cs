using Microsoft.CodeAnalysis;

namespace VNetAtria.Analyzers;

/// <summary>
/// The layout rules of .editorconfig that Roslyn's own analyzers cannot enforce without also rejecting our aligned
/// tables (IDE0055 is all-or-nothing whitespace formatting).
/// </summary>
internal static class LayoutDiagnostics
{
    private const string Category = "Style";

    /// <summary>VNA3001: a line longer than .editorconfig's max_line_length.</summary>
    public static readonly DiagnosticDescriptor LineTooLong = new(
        id: "VNA3001",
        title: "Line longer than max_line_length",
        messageFormat: "This line is {0} characters long; .editorconfig's max_line_length is {1}: break it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>VNA3002: a brace that opens a multi-line body not on its own line (the code is Allman style).</summary>
    public static readonly DiagnosticDescriptor BraceNotOnOwnLine = new(
        id: "VNA3002",
        title: "Opening brace of a multi-line body not on its own line",
        messageFormat: "Put this '{{' on its own line (Allman style, as the rest of the code); a body that fits on one line may stay inline",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);
}
