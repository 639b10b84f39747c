using System.Text.Json.Nodes;

namespace VNetAtria.Training.Checkpoints;

/// <summary>One option whose value differs between two configurations.</summary>
/// <param name="Path">The option's dotted path (array items as [i]), e.g. "model.BaseWidth".</param>
/// <param name="Checkpoint">Its JSON value in the checkpoint, or "(absent)".</param>
/// <param name="Current">Its JSON value now, or "(absent)".</param>
public sealed record ConfigDifference(string Path, string Checkpoint, string Current)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: checkpoint {Checkpoint}, now {Current}";

    /// <summary>
    /// Compares two JSON documents field by field (objects by key, arrays by index, values by their JSON text) and
    /// lists every difference, skipping the paths in <paramref name="ignored"/> and options that the checkpoint predates
    /// when they are at a neutral value (0, false, null, empty), since new options default to the old behaviour.
    /// </summary>
    public static IReadOnlyList<ConfigDifference> Compare(string checkpointJson, string currentJson, IReadOnlyCollection<string>? ignored = null)
    {
        var list = new List<ConfigDifference>();
        Walk("", JsonNode.Parse(checkpointJson), JsonNode.Parse(currentJson), ignored ?? [], list);
        return list;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, IReadOnlyCollection<string> ignored, List<ConfigDifference> list)
    {
        if (ignored.Contains(path)) return;
        if (a is JsonObject oa && b is JsonObject ob)
        {
            var keys = oa.Select(p => p.Key).Concat(ob.Select(p => p.Key)).Distinct(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var child = path.Length == 0 ? key : path + "." + key;
                var hasA = oa.TryGetPropertyValue(key, out var va);
                var hasB = ob.TryGetPropertyValue(key, out var vb);
                // An option added after the checkpoint was written, at a neutral value (0, false, null, empty): new
                // options default to the old behaviour (e.g. optimiser weight decay 0), so older checkpoints resume.
                if (!hasA && hasB && IsNeutral(vb)) continue;
                if (!hasA || !hasB)
                {
                    if (!ignored.Contains(child))
                        list.Add(new ConfigDifference(child, hasA ? Text(va) : "(absent)", hasB ? Text(vb) : "(absent)"));
                    continue;
                }
                Walk(child, va, vb, ignored, list);
            }
            return;
        }
        if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++) Walk($"{path}[{i}]", aa[i], ab[i], ignored, list);
            return;
        }
        var ta = Text(a);
        var tb = Text(b);
        if (ta != tb) list.Add(new ConfigDifference(path.Length == 0 ? "(root)" : path, ta, tb));
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static bool IsNeutral(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        JsonValue value => value.ToJsonString() is "0" or "0.0" or "false" or "\"\"",
        _ => false,
    };
}
