using System.Text.Json.Nodes;

namespace VNetAtria.Experiments;

/// <summary>Deep merge of JSON trees, as config "extends" and the defaults use it.</summary>
public static class JsonMerge
{
    /// <summary>
    /// A new tree: <paramref name="baseNode"/> with <paramref name="overlay"/> on top. Objects merge field by field,
    /// recursively; any other value (arrays included, and null) in the overlay replaces the base's.
    /// </summary>
    public static JsonObject Merge(JsonObject baseNode, JsonObject overlay)
    {
        var result = (JsonObject)baseNode.DeepClone();
        MergeInto(result, overlay);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject overlay)
    {
        foreach (var (key, value) in overlay)
        {
            if (value is JsonObject o && target[key] is JsonObject t) MergeInto(t, o);
            else target[key] = value?.DeepClone();
        }
    }
}
