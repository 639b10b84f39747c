using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace VNetAtria.Tests.Plotting;

/// <summary>
/// FSharp.Core members as metadata sees them (System.Reflection.Metadata, no loading): what an assembly references
/// from FSharp.Core, and what an FSharp.Core file defines, as comparable strings. A type is <c>T:Namespace.Name</c>
/// (nested <c>T:Namespace.Outer/Inner</c>); a method <c>M:Type::name`arity(parameters)->return</c> with
/// <c>instance</c> or <c>static</c>; a field <c>F:Type::name:type</c>. Types in signatures are written by namespace
/// and name (not assembly), generic parameters as <c>!i</c> / <c>!!i</c> and custom modifiers kept, which is what
/// the runtime matches when it binds a member reference to a definition.
/// </summary>
public static class FSharpCoreSurface
{
    /// <summary>The simple name of the F# core library.</summary>
    public const string FSharpCore = "FSharp.Core";

    /// <summary>Everything FSharp.Core defines (types and their methods and fields), at <paramref name="path"/>.</summary>
    public static ImmutableHashSet<string> Defined(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var provider = new SignatureNames();
        var set = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var typeName = SignatureNames.Name(reader, handle);
            set.Add("T:" + typeName);
            var type = reader.GetTypeDefinition(handle);
            foreach (var m in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(m);
                set.Add(Method(typeName, reader.GetString(method.Name), method.DecodeSignature(provider, null)));
            }
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                set.Add(Field(typeName, reader.GetString(field.Name), field.DecodeSignature(provider, null)));
            }
        }
        // A type forwarded elsewhere still resolves.
        foreach (var handle in reader.ExportedTypes)
        {
            var exported = reader.GetExportedType(handle);
            if (exported.IsForwarder) set.Add("T:" + Join(reader.GetString(exported.Namespace), reader.GetString(exported.Name)));
        }
        return set.ToImmutable();
    }

    /// <summary>
    /// Every FSharp.Core type, method and field the assembly at <paramref name="path"/> references (types of
    /// signatures and attributes included), or an empty list when it does not reference FSharp.Core.
    /// </summary>
    public static IReadOnlyList<string> Referenced(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var provider = new SignatureNames();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeReferences)
            if (IsFSharpCore(reader, handle)) found.Add("T:" + SignatureNames.Name(reader, handle));
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            if (DeclaringFSharpCoreType(reader, member.Parent) is not { } typeName) continue;
            var name = reader.GetString(member.Name);
            found.Add(member.GetKind() == MemberReferenceKind.Method
                ? Method(typeName, name, member.DecodeMethodSignature(provider, null))
                : Field(typeName, name, member.DecodeFieldSignature(provider, null)));
        }
        return found.ToList();
    }

    /// <summary>The FSharp.Core version the assembly at <paramref name="path"/> was compiled against, or null.</summary>
    public static Version? ReferencedVersion(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(reader.GetAssemblyReference)
            .Where(r => reader.GetString(r.Name) == FSharpCore).Select(r => r.Version).DefaultIfEmpty().Max();
    }

    /// <summary>The assembly version of the FSharp.Core file at <paramref name="path"/>.</summary>
    public static Version AssemblyVersion(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.GetMetadataReader().GetAssemblyDefinition().Version;
    }

    private static string Method(string type, string name, MethodSignature<string> signature) =>
        $"M:{type}::{name}`{signature.GenericParameterCount}({string.Join(",", signature.ParameterTypes)})->{signature.ReturnType}"
        + (signature.Header.IsInstance ? " instance" : " static");

    private static string Field(string type, string name, string fieldType) => $"F:{type}::{name}:{fieldType}";

    private static string? DeclaringFSharpCoreType(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                var reference = (TypeReferenceHandle)parent;
                return IsFSharpCore(reader, reference) ? SignatureNames.Name(reader, reference) : null;
            case HandleKind.TypeSpecification:
                // A member of a generic instantiation (FSharpList<int>.get_Head): the generic type decides.
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
                blob.ReadCompressedInteger(); // CLASS or VALUETYPE
                var generic = blob.ReadTypeHandle();
                return generic.Kind == HandleKind.TypeReference && IsFSharpCore(reader, (TypeReferenceHandle)generic)
                    ? SignatureNames.Name(reader, (TypeReferenceHandle)generic)
                    : null;
            default:
                return null;
        }
    }

    private static bool IsFSharpCore(MetadataReader reader, TypeReferenceHandle handle)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference) scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        return scope.Kind == HandleKind.AssemblyReference
            && reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == FSharpCore;
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>Writes signature types as names independent of the assembly that defines them.</summary>
    private sealed class SignatureNames : ISignatureTypeProvider<string, object?>
    {
        public static string Name(MetadataReader reader, TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            var declaring = type.GetDeclaringType();
            return declaring.IsNil
                ? Join(reader.GetString(type.Namespace), reader.GetString(type.Name))
                : Name(reader, declaring) + "/" + reader.GetString(type.Name);
        }

        public static string Name(MetadataReader reader, TypeReferenceHandle handle)
        {
            var type = reader.GetTypeReference(handle);
            return type.ResolutionScope.Kind == HandleKind.TypeReference
                ? Name(reader, (TypeReferenceHandle)type.ResolutionScope) + "/" + reader.GetString(type.Name)
                : Join(reader.GetString(type.Namespace), reader.GetString(type.Name));
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) => Name(r, handle);
        public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => Name(r, handle);
        public string GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            r.GetTypeSpecification(handle).DecodeSignature(this, context);
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{shape.Rank}]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType + " pinned";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericTypeParameter(object? context, int index) => "!" + index;
        public string GetGenericMethodParameter(object? context, int index) => "!!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
            $"{unmodifiedType} {(isRequired ? "modreq" : "modopt")}({modifier})";
        public string GetFunctionPointerType(MethodSignature<string> signature) =>
            $"method {signature.ReturnType}*({string.Join(",", signature.ParameterTypes)})";
    }
}
