using Mono.Cecil;
using Mono.Cecil.Cil;

namespace VNetAtria.Tests.Layering;

/// <summary>
/// Which areas of the library (the second namespace segment: <c>VNetAtria.Training.Loading</c> is area
/// <c>Training</c>) use which, read from the compiled assembly with Mono.Cecil: base types, interfaces, fields,
/// signatures, attributes, locals and every type, method and field an IL instruction names. Compiler-generated nested
/// types (lambdas, iterators, async state machines) count for the type that declares them.
/// </summary>
public static class AreaDependencies
{
    /// <summary>Area -> area -> one example "From type -> To type" reference, for the message.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, string>> Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var from = AreaOf(type, module);
            if (from is null) continue;
            if (!graph.TryGetValue(from, out var edges)) graph[from] = edges = new(StringComparer.Ordinal);
            foreach (var used in ReferencedTypes(type))
            {
                var to = AreaOf(used, module);
                if (to is null || to == from || edges.ContainsKey(to)) continue;
                edges[to] = $"{Outermost(type).FullName} -> {Outermost(used).FullName}";
            }
        }
        return graph;
    }

    private static string? AreaOf(TypeReference? type, ModuleDefinition module)
    {
        if (type is null or GenericParameter || type.GetElementType() is null) return null;
        var element = Outermost(type.GetElementType());
        if (element is GenericParameter || element.Scope is AssemblyNameReference || element.Module != module) return null;
        var parts = (element.Namespace ?? "").Split('.');
        return parts.Length >= 2 && parts[0] == "VNetAtria" ? parts[1] : null;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private static IEnumerable<TypeReference> ReferencedTypes(TypeDefinition type)
    {
        if (type.BaseType is not null) foreach (var t in Expand(type.BaseType)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var field in type.Fields)
            foreach (var t in Expand(field.FieldType)) yield return t;
        foreach (var property in type.Properties)
            foreach (var t in Expand(property.PropertyType)) yield return t;
        foreach (var method in type.Methods)
        {
            foreach (var t in Expand(method.ReturnType)) yield return t;
            foreach (var p in method.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
            foreach (var a in method.CustomAttributes) yield return a.AttributeType;
            if (!method.HasBody) continue;
            foreach (var v in method.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var instruction in method.Body.Instructions)
                foreach (var t in OperandTypes(instruction)) yield return t;
        }
    }

    private static IEnumerable<TypeReference> OperandTypes(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType))
            .Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType)))
            .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
        FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
        _ => [],
    };

    // A generic instance names its arguments too: List<CaseRecord> uses Data.
    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        yield return type;
        var element = type;
        while (element is TypeSpecification spec)
        {
            if (spec is GenericInstanceType generic)
                foreach (var argument in generic.GenericArguments)
                    foreach (var t in Expand(argument)) yield return t;
            element = spec.ElementType;
            yield return element;
        }
    }
}
