using Microsoft.CodeAnalysis;

namespace VNetAtria.Analyzers;

/// <summary>
/// The temporary-Scalar rules. TorchSharp 0.107 frees a <c>TorchSharp.Scalar</c>'s native memory only in
/// <c>Dispose</c> or its finalizer; once a temporary's handle is passed to native code nothing references it, so a
/// garbage collection during that call can run the finalizer while libtorch still reads the scalar
/// (dotnet/TorchSharp#1434, #1496: "Expected false to be true ... toFloat (Scalar.h)").
/// </summary>
internal static class ScalarDiagnostics
{
    private const string Category = "TorchSharp.Safety";
    private const string HelpLink = "https://github.com/dotnet/TorchSharp/issues/1434";

    /// <summary>VNA2001: a number (or bool, complex) converted implicitly to a Scalar that nothing holds.</summary>
    public static readonly DiagnosticDescriptor ImplicitConversion = new(
        id: "VNA2001",
        title: "Implicit conversion to TorchSharp.Scalar makes a temporary scalar",
        messageFormat: "Implicit conversion from '{0}' to TorchSharp.Scalar makes a temporary that only a finalizer frees, which a GC can run while libtorch still reads it; hold the scalar: 'using var s = ({1}).ToScalar();' (or a 'static readonly Scalar') and pass 's'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    /// <summary>VNA2002: a TorchSharp member that makes a Scalar inside itself.</summary>
    public static readonly DiagnosticDescriptor MemberMakesTemporary = new(
        id: "VNA2002",
        title: "TorchSharp member makes a temporary Scalar internally",
        messageFormat: "'{0}' {1}; a temporary Scalar is freed only by its finalizer, which a GC can run while libtorch still reads it: {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    /// <summary>VNA2003: a Scalar made explicitly (ToScalar, a cast, a Scalar-returning call) but not held.</summary>
    public static readonly DiagnosticDescriptor NotHeld = new(
        id: "VNA2003",
        title: "TorchSharp.Scalar is not held",
        messageFormat: "This TorchSharp.Scalar ('{0}') is not held: nothing references it once its handle reaches native code, so its finalizer can free it while libtorch still reads it; declare it 'using var s = ...;' or keep it in a 'static readonly Scalar' field",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);
}
