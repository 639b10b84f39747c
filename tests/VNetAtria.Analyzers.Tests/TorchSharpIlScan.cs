using Mono.Cecil;

namespace VNetAtria.Analyzers.Tests;

/// <summary>
/// Recomputes the analyzer's member table from TorchSharp.dll's IL: the public members whose bodies, directly or
/// through other TorchSharp methods, call a Scalar factory without returning the Scalar (README.md, "How the table
/// was derived").
/// </summary>
internal static class TorchSharpIlScan
{
    /// <summary>Documentation-comment IDs of the listed members of the assembly at <paramref name="path"/>.</summary>
    public static SortedSet<string> MembersMakingTemporaryScalars(string path)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(path);
        var direct = new HashSet<string>(StringComparer.Ordinal);
        var calls = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var methods = new Dictionary<string, MethodDefinition>(StringComparer.Ordinal);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            foreach (var method in type.Methods)
            {
                methods[method.FullName] = method;
                if (!method.HasBody) continue;
                var callees = calls[method.FullName] = new HashSet<string>(StringComparer.Ordinal);
                foreach (var instruction in method.Body.Instructions)
                {
                    // call, callvirt, newobj and ldftn (a lambda handed to a helper, as the optimisers' step does).
                    if (instruction.Operand is not MethodReference reference) continue;
                    var target = reference.GetElementMethod();
                    callees.Add(target.FullName);
                    if (MakesScalar(target) && !ReturnsScalar(method)) direct.Add(method.FullName);
                }
            }
        }
        var reaches = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Reaches(string name, HashSet<string> path)
        {
            if (direct.Contains(name)) return true;
            if (reaches.TryGetValue(name, out var known)) return known;
            if (!calls.TryGetValue(name, out var callees) || !path.Add(name)) return false;
            var result = callees.Any(c => Reaches(c, path));
            path.Remove(name);
            reaches[name] = result;
            return result;
        }
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, method) in methods)
        {
            if (!(method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) || !Visible(method.DeclaringType)) continue;
            if (ReturnsScalar(method)) continue; // a factory: its caller holds the result (VNA2003 checks that)
            if (Reaches(name, new HashSet<string>(StringComparer.Ordinal))) ids.Add(DocumentationId(method));
        }
        return ids;
    }

    private static bool MakesScalar(MethodReference m) => (m.DeclaringType.FullName, m.Name) switch
    {
        ("TorchSharp.Scalar", "op_Implicit" or "op_Explicit" or ".ctor") => true,
        ("TorchSharp.ScalarExtensionMethods", "ToScalar" or "ToBFloat16Scalar") => true,
        ("TorchSharp.torch/Tensor", "ToScalar") => true,
        _ => false,
    };

    private static bool ReturnsScalar(MethodDefinition m) => m.ReturnType.FullName == "TorchSharp.Scalar";

    private static bool Visible(TypeDefinition t) => t.IsPublic || (t.IsNestedPublic && Visible(t.DeclaringType));

    /// <summary>The C# documentation-comment ID (ECMA-334 annex D), as Roslyn's GetDocumentationCommentId writes it.</summary>
    public static string DocumentationId(MethodDefinition m)
    {
        var name = m.Name switch { ".ctor" => "#ctor", ".cctor" => "#cctor", var n => n.Replace('.', '#') };
        if (m.HasGenericParameters) name += "``" + m.GenericParameters.Count;
        var id = "M:" + TypeName(m.DeclaringType) + "." + name;
        if (m.HasParameters) id += "(" + string.Join(",", m.Parameters.Select(p => Type(p.ParameterType))) + ")";
        if (m.Name is "op_Implicit" or "op_Explicit") id += "~" + Type(m.ReturnType);
        return id;
    }

    private static string TypeName(TypeReference t) => t.DeclaringType is null ? t.FullName : TypeName(t.DeclaringType) + "." + t.Name;

    private static string Type(TypeReference t) => t switch
    {
        GenericParameter g => (g.Owner is MethodReference ? "``" : "`") + g.Position,
        ByReferenceType b => Type(b.ElementType) + "@",
        PointerType p => Type(p.ElementType) + "*",
        ArrayType a => Type(a.ElementType) + (a.Rank == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", a.Rank)) + "]"),
        RequiredModifierType r => Type(r.ElementType),
        OptionalModifierType o => Type(o.ElementType),
        GenericInstanceType g => WithoutArity(TypeName(g.ElementType)) + "{" + string.Join(",", g.GenericArguments.Select(Type)) + "}",
        _ => TypeName(t),
    };

    private static string WithoutArity(string name) => name.LastIndexOf('`') is var i and >= 0 ? name[..i] : name;
}
