using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace VNetAtria.Experiments;

/// <summary>
/// Checks a config's JSON tree against the config types before binding, so that every unknown field and every value
/// of the wrong kind is reported at once with its dotted path (System.Text.Json stops at the first).
/// </summary>
internal static class ConfigSchema
{
    /// <summary>Adds a problem for every unknown field, null where null is not allowed, and value of the wrong kind.</summary>
    public static void Check(JsonNode? node, Type type, bool nullable, string path, ConfigProblems p)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
            nullable = true;
        }
        if (node is null)
        {
            if (!nullable) p.Add(path, $"must not be null; expected {Describe(type)}");
            return;
        }
        var kind = node.GetValueKind();
        if (type.IsEnum)
        {
            if (kind != JsonValueKind.String)
                p.Add(path, $"expected one of {ConfigEnumNames.Expected(type)}, found {Show(node)}");
            else if (!ConfigEnumNames.TryParse(type, node.GetValue<string>(), out _))
                p.Add(path, $"unknown value '{node.GetValue<string>()}'; expected {ConfigEnumNames.Expected(type)}");
            return;
        }
        if (type == typeof(string))
        {
            if (kind != JsonValueKind.String) p.Add(path, $"expected a string, found {Show(node)}");
            return;
        }
        if (type == typeof(bool))
        {
            if (kind is not (JsonValueKind.True or JsonValueKind.False)) p.Add(path, $"expected true or false, found {Show(node)}");
            return;
        }
        if (type == typeof(int) || type == typeof(long))
        {
            if (kind != JsonValueKind.Number || !(type == typeof(int) ? node.AsValue().TryGetValue<int>(out _) : node.AsValue().TryGetValue<long>(out _)))
                p.Add(path, $"expected an integer, found {Show(node)}");
            return;
        }
        if (type == typeof(double))
        {
            if (kind != JsonValueKind.Number) p.Add(path, $"expected a number, found {Show(node)}");
            return;
        }
        if (type.IsArray)
        {
            if (node is not JsonArray array)
            {
                p.Add(path, $"expected an array, found {Show(node)}");
                return;
            }
            for (var i = 0; i < array.Count; i++) Check(array[i], type.GetElementType()!, false, $"{path}[{i}]", p);
            return;
        }
        var info = ExperimentConfigJson.Options.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object) return;
        if (node is not JsonObject obj)
        {
            p.Add(path, $"expected an object with fields {FieldList(info)}, found {Show(node)}");
            return;
        }
        foreach (var (key, value) in obj)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            var property = info.Properties.FirstOrDefault(q => q.Name == key);
            if (property is null)
            {
                var near = info.Properties.FirstOrDefault(q => q.Name.Equals(key, StringComparison.OrdinalIgnoreCase));
                p.Add(childPath, near is not null ? $"unknown field; did you mean '{near.Name}'?" : $"unknown field; expected one of {FieldList(info)}");
                continue;
            }
            Check(value, property.PropertyType, property.IsSetNullable, childPath, p);
        }
    }

    /// <summary>The JSON property of <paramref name="type"/> named <paramref name="name"/> (exact, else ignoring case), or null.</summary>
    public static JsonPropertyInfo? Property(Type type, string name)
    {
        var info = ExperimentConfigJson.Options.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object) return null;
        return info.Properties.FirstOrDefault(q => q.Name == name)
            ?? info.Properties.FirstOrDefault(q => q.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when values of <paramref name="type"/> are JSON objects with fields.</summary>
    public static bool IsObject(Type type) =>
        !type.IsArray && type != typeof(string) && !type.IsPrimitive && !type.IsEnum && Nullable.GetUnderlyingType(type) is null
        && ExperimentConfigJson.Options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object;

    /// <summary>"a|b|c": the fields of an object type.</summary>
    public static string FieldList(Type type) => FieldList(ExperimentConfigJson.Options.GetTypeInfo(type));

    private static string FieldList(JsonTypeInfo info) => string.Join("|", info.Properties.Select(q => q.Name));

    private static string Describe(Type type) =>
        type.IsEnum ? $"one of {ConfigEnumNames.Expected(type)}"
        : type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "an integer"
        : type == typeof(double) ? "a number"
        : type.IsArray ? "an array"
        : "an object";

    private static string Show(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length > 40 ? text[..40] + "..." : text;
    }
}
