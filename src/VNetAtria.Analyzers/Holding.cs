using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace VNetAtria.Analyzers;

/// <summary>
/// Whether a new Scalar lands somewhere that keeps it alive until after the native call that reads it: a
/// <c>using</c> variable (disposed after its last use), a field or property (static readonly constants), or a method's
/// return value (its caller's call is then checked in turn). A plain local is not enough: the JIT may end its
/// lifetime at its last use, which is the moment its handle is passed to native code.
/// </summary>
internal static class Holding
{
    public static bool IsHeld(IOperation operation)
    {
        var child = operation;
        var parent = operation.Parent;
        while (parent is IParenthesizedOperation or IConversionOperation { OperatorMethod: null })
        {
            child = parent;
            parent = parent.Parent;
        }
        switch (parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                // declarator -> declaration -> declaration group -> `using var ...;` or `using (var ...)`
                var group = declarator.Parent?.Parent;
                return group?.Parent is IUsingDeclarationOperation or IUsingOperation;
            case IFieldInitializerOperation or IPropertyInitializerOperation:
                return true;
            case ISimpleAssignmentOperation assignment when assignment.Value == child:
                return assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation;
            case IReturnOperation returned:
                // A method hands it to its caller; a property getter would make a new one on every read.
                return returned.SemanticModel is { } model
                    && model.GetEnclosingSymbol(returned.Syntax.SpanStart) is IMethodSymbol method
                    && method.MethodKind is not (MethodKind.PropertyGet);
            case IArrayInitializerOperation { Parent: IArrayCreationOperation array }:
                return IsHeld(array);
            case ICollectionExpressionOperation collection:
                return IsHeld(collection);
            default:
                return false;
        }
    }
}
