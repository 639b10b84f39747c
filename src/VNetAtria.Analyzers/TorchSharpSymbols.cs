using Microsoft.CodeAnalysis;

namespace VNetAtria.Analyzers;

/// <summary>The referenced TorchSharp assembly and its Scalar type, looked up once per compilation.</summary>
internal sealed class TorchSharpSymbols(INamedTypeSymbol scalar)
{
    private readonly IAssemblySymbol _assembly = scalar.ContainingAssembly;

    /// <summary>True for <c>TorchSharp.Scalar</c> (with any nullable annotation).</summary>
    public bool IsScalar(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, scalar);

    /// <summary>True when TorchSharp itself declares <paramref name="method"/>.</summary>
    public bool Declares(IMethodSymbol method) =>
        SymbolEqualityComparer.Default.Equals(method.OriginalDefinition.ContainingAssembly, _assembly);
}
