using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace VNetAtria.Analyzers;

/// <summary>
/// Reports every place that makes a <c>TorchSharp.Scalar</c> nothing holds (VNA2001, VNA2003) and every call of a
/// TorchSharp member that makes one inside itself (VNA2002). See <see cref="ScalarDiagnostics"/> and README.md.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemporaryScalarAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> Members = new(TorchSharpScalarMembers.Ids, System.StringComparer.Ordinal);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        ScalarDiagnostics.ImplicitConversion, ScalarDiagnostics.MemberMakesTemporary, ScalarDiagnostics.NotHeld);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var scalar = start.Compilation.GetTypeByMetadataName("TorchSharp.Scalar");
            if (scalar is null) return; // a project without TorchSharp
            var torch = new TorchSharpSymbols(scalar);
            start.RegisterOperationAction(c => AnalyzeConversion(c, torch), OperationKind.Conversion);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, torch), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, torch), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeOperator(c, torch),
                OperationKind.Binary, OperationKind.Unary, OperationKind.CompoundAssignment);
            start.RegisterOperationAction(c => AnalyzeReference(c, torch),
                OperationKind.PropertyReference, OperationKind.MethodReference);
        });
    }

    private static void AnalyzeConversion(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is not { } method || !torch.Declares(method)) return;
        if (torch.IsScalar(conversion.Type))
        {
            if (Holding.IsHeld(conversion)) return;
            if (conversion.IsImplicit)
            {
                var from = conversion.Operand.Type?.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) ?? "?";
                context.ReportDiagnostic(Diagnostic.Create(ScalarDiagnostics.ImplicitConversion,
                    conversion.Operand.Syntax.GetLocation(), from, conversion.Operand.Syntax.ToString()));
            }
            else
            {
                context.ReportDiagnostic(Diagnostic.Create(ScalarDiagnostics.NotHeld,
                    conversion.Syntax.GetLocation(), conversion.Syntax.ToString()));
            }
            return;
        }
        ReportIfListed(context, method, conversion.Syntax);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (torch.IsScalar(invocation.Type) && !Holding.IsHeld(invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(ScalarDiagnostics.NotHeld,
                invocation.Syntax.GetLocation(), invocation.Syntax.ToString()));
            return;
        }
        if (!torch.Declares(method)) return;
        if (ReportIfListed(context, method, invocation.Syntax)) return;
        // Module.call on a receiver whose own forward is listed (e.g. batchNorm.call(x)).
        if (method.Name == "call" && invocation.Instance?.Type is { } receiver
            && FindListedMember(receiver, "forward", torch) is { } forward)
        {
            var (why, fix) = MemberAdvice.For(Id(forward));
            context.ReportDiagnostic(Diagnostic.Create(ScalarDiagnostics.MemberMakesTemporary,
                invocation.Syntax.GetLocation(), Display(method, receiver), why, fix));
            return;
        }
        ReportIfMakesUnsafeObject(context, method, invocation.Type, invocation.Syntax, torch);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor || !torch.Declares(constructor)) return;
        if (ReportIfListed(context, constructor, creation.Syntax)) return;
        ReportIfMakesUnsafeObject(context, constructor, creation.Type, creation.Syntax, torch);
    }

    private static void AnalyzeOperator(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var method = context.Operation switch
        {
            IBinaryOperation b => b.OperatorMethod,
            IUnaryOperation u => u.OperatorMethod,
            ICompoundAssignmentOperation c => c.OperatorMethod,
            _ => null,
        };
        if (method is not null && torch.Declares(method)) ReportIfListed(context, method, context.Operation.Syntax);
    }

    private static void AnalyzeReference(OperationAnalysisContext context, TorchSharpSymbols torch)
    {
        var method = context.Operation switch
        {
            IPropertyReferenceOperation p => p.Property.GetMethod,
            IMethodReferenceOperation m => m.Method.ReducedFrom ?? m.Method,
            _ => null,
        };
        if (method is not null && torch.Declares(method)) ReportIfListed(context, method, context.Operation.Syntax);
    }

    private static bool ReportIfListed(OperationAnalysisContext context, IMethodSymbol method, SyntaxNode syntax)
    {
        var id = Id(method);
        if (!Members.Contains(id)) return false;
        var (why, fix) = MemberAdvice.For(id);
        context.ReportDiagnostic(Diagnostic.Create(ScalarDiagnostics.MemberMakesTemporary,
            syntax.GetLocation(), Display(method, null), why, fix));
        return true;
    }

    /// <summary>A TorchSharp factory or constructor of a module or optimiser whose forward or step is listed.</summary>
    private static void ReportIfMakesUnsafeObject(OperationAnalysisContext context, IMethodSymbol method, ITypeSymbol? made,
        SyntaxNode syntax, TorchSharpSymbols torch)
    {
        if (made is null) return;
        foreach (var name in new[] { "forward", "step" })
        {
            if (FindListedMember(made, name, torch) is not { } member) continue;
            var kind = name == "step" ? "an optimiser whose step()" : "a module whose forward()";
            var fix = name == "step"
                ? "use an optimiser whose step holds its scalars"
                : "use a module whose forward holds its scalars (Models has held-scalar BatchNorm and activations)";
            context.ReportDiagnostic(Diagnostic.Create(ScalarDiagnostics.MemberMakesTemporary, syntax.GetLocation(),
                Display(method, null), $"makes {kind} makes temporary Scalars ({Display(member, null)})", fix));
            return;
        }
    }

    /// <summary>
    /// The <paramref name="name"/> method that runs on an instance of <paramref name="type"/> (the most derived
    /// declaration with one parameter or none), if TorchSharp declares it and it is listed. A subclass that overrides it
    /// (e.g. a BatchNorm with held scalars) is not reported.
    /// </summary>
    private static IMethodSymbol? FindListedMember(ITypeSymbol type, string name, TorchSharpSymbols torch)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                if (member is not IMethodSymbol { IsStatic: false, Parameters.Length: <= 1 } m) continue;
                return torch.Declares(m) && Members.Contains(Id(m)) ? m : null;
            }
        }
        return null;
    }

    private static string Id(IMethodSymbol method) => method.OriginalDefinition.GetDocumentationCommentId() ?? "";

    private static string Display(IMethodSymbol method, ITypeSymbol? receiver) =>
        receiver is null
            ? method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)
            : receiver.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "." + method.Name;
}
