using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VNetAtria.Experiments;

/// <summary>
/// "key=value" overrides with dotted paths ("segmenter.epochs=5", "device=cuda:0", "data.root=/data/LASC"), as the
/// CLI's --set passes them, applied to a config's JSON tree before binding. Values are converted by the field's type:
/// numbers and booleans parsed (invariant culture), strings and enum names taken as written, "null" clears a nullable
/// field, arrays and objects given as JSON ("[0.5,0.25,0.25]"; the brackets may be left out of a flat list).
/// </summary>
public static class ConfigOverrides
{
    /// <summary>Applies every override to <paramref name="root"/> (in place); returns the problems (empty when all applied).</summary>
    public static IReadOnlyList<string> Apply(JsonObject root, IEnumerable<string> overrides)
    {
        var p = new ConfigProblems();
        foreach (var o in overrides) Apply(root, o, p);
        return p.Items;
    }

    private static void Apply(JsonObject root, string assignment, ConfigProblems p)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0)
        {
            p.Add(assignment, "an override must be key=value with a dotted key (e.g. segmenter.epochs=5)");
            return;
        }
        var key = assignment[..eq].Trim();
        var text = assignment[(eq + 1)..];
        var segments = key.Split('.');
        var type = typeof(ExperimentConfig);
        var node = root;
        var path = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var property = ConfigSchema.Property(type, segments[i]);
            var here = path.Length == 0 ? segments[i] : $"{path}.{segments[i]}";
            if (property is null)
            {
                p.Add(here, $"unknown field (in override '{assignment}'); expected one of {ConfigSchema.FieldList(type)}");
                return;
            }
            path = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (i == segments.Length - 1)
            {
                if (Convert(text, propertyType, property.IsSetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null, out var value, out var error))
                    node[property.Name] = value;
                else
                    p.Add(path, $"{error} (in override '{assignment}')");
                return;
            }
            if (!ConfigSchema.IsObject(propertyType))
            {
                p.Add(path, $"is not an object, so '{key}' names nothing (in override '{assignment}')");
                return;
            }
            if (node[property.Name] is not JsonObject child)
            {
                // A null optional section (e.g. data.synthetic) comes into being with its defaults.
                child = new JsonObject();
                node[property.Name] = child;
            }
            node = child;
            type = propertyType;
        }
    }

    private static bool Convert(string text, Type type, bool nullable, out JsonNode? value, out string error)
    {
        value = null;
        error = "";
        var trimmed = text.Trim();
        if (trimmed == "null")
        {
            if (nullable) return true;
            error = "cannot be null";
            return false;
        }
        var ci = CultureInfo.InvariantCulture;
        if (type == typeof(string) || type.IsEnum)
        {
            // Enum names are checked with the rest of the tree, so an unknown one lists the accepted values.
            value = JsonValue.Create(trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"' ? trimmed[1..^1] : text);
            return true;
        }
        if (type == typeof(bool))
        {
            if (bool.TryParse(trimmed, out var b)) { value = JsonValue.Create(b); return true; }
            error = $"expected true or false, found '{text}'";
            return false;
        }
        if (type == typeof(int))
        {
            if (int.TryParse(trimmed, NumberStyles.Integer, ci, out var n)) { value = JsonValue.Create(n); return true; }
            error = $"expected an integer, found '{text}'";
            return false;
        }
        if (type == typeof(long))
        {
            if (long.TryParse(trimmed, NumberStyles.Integer, ci, out var n)) { value = JsonValue.Create(n); return true; }
            error = $"expected an integer, found '{text}'";
            return false;
        }
        if (type == typeof(double) && trimmed.Equals("original", StringComparison.OrdinalIgnoreCase))
        {
            // Only prediction.threshold knows the word; elsewhere the schema check reports a string where a number belongs.
            value = JsonValue.Create(trimmed);
            return true;
        }
        if (type == typeof(double))
        {
            if (double.TryParse(trimmed, NumberStyles.Float, ci, out var d) && double.IsFinite(d)) { value = JsonValue.Create(d); return true; }
            error = $"expected a number, found '{text}'";
            return false;
        }
        var json = type.IsArray && !trimmed.StartsWith('[') ? $"[{trimmed}]" : trimmed;
        try
        {
            value = JsonNode.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            error = type.IsArray ? $"expected a JSON array such as [0.5, 0.25, 0.25], found '{text}'" : $"expected a JSON object, found '{text}'";
            return false;
        }
    }
}
