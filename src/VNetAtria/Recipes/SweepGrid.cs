using System.Text.Json;
using System.Text.Json.Nodes;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Recipes;

/// <summary>One experiment of a grid: the run's name and the <c>key=value</c> overrides (the CLI's --set) that make it.</summary>
/// <param name="Name">The run's name and folder name (letters, digits, '-', '_', '.').</param>
/// <param name="Overrides">What this experiment changes in the base config.</param>
public sealed record SweepGridEntry(string Name, IReadOnlyList<string> Overrides);

/// <summary>
/// A grid of experiments over one base config: each entry is a run with its own overrides, and <see cref="Common"/> is
/// applied to every run after its own (e.g. fewer epochs for a quick pass). Notebook 06 and <c>vnet-atria sweep plan
/// --grid FILE</c> read the same thing; as a file:
/// <code>
/// { "common": ["segmenter.epochs=8"],
///   "experiments": [ { "name": "vnet-dice", "set": [] },
///                    { "name": "vnet-hybrid", "set": ["segmenter.loss.kind=hybrid"] } ] }
/// </code>
/// </summary>
public sealed record SweepGrid
{
    /// <summary>The experiments, in order (the order of the results table and of the Slurm job array).</summary>
    public IReadOnlyList<SweepGridEntry> Experiments { get; init; } = [];

    /// <summary>Overrides applied to every experiment after its own.</summary>
    public IReadOnlyList<string> Common { get; init; } = [];

    /// <summary>This grid with one more experiment.</summary>
    public SweepGrid With(string name, params string[] overrides) => this with { Experiments = [.. Experiments, new SweepGridEntry(name, overrides)] };

    /// <summary>The grid as the JSON a grid file holds.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["common"] = new JsonArray([.. Common.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["experiments"] = new JsonArray([.. Experiments.Select(e => (JsonNode?)new JsonObject
            {
                ["name"] = e.Name,
                ["set"] = new JsonArray([.. e.Overrides.Select(o => (JsonNode?)JsonValue.Create(o))]),
            })]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Writes the grid file atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a grid file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="ExperimentConfigException">Not a grid: each problem names its field.</exception>
    public static SweepGrid Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"Grid file {full} does not exist.", full);
        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses grid JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ExperimentConfigException">Not a grid: each problem names its field.</exception>
    public static SweepGrid Parse(string json, string source = "grid")
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new ExperimentConfigException(source, [$"not valid JSON: {e.Message}"]); }
        var problems = new List<string>();
        if (node is not JsonObject root) throw new ExperimentConfigException(source, ["expected a JSON object with \"experiments\" (and optionally \"common\")"]);
        foreach (var key in root.Select(p => p.Key).Where(k => k is not ("common" or "experiments" or "$schema")))
            problems.Add($"{key}: unknown field; a grid has \"common\" and \"experiments\"");
        var common = Strings(root["common"], "common", problems);
        var experiments = new List<SweepGridEntry>();
        if (root["experiments"] is not JsonArray list || list.Count == 0)
            problems.Add("experiments: expected a non-empty array of { \"name\": ..., \"set\": [...] }");
        else
            for (var i = 0; i < list.Count; i++)
            {
                var at = $"experiments[{i}]";
                if (list[i] is not JsonObject entry) { problems.Add($"{at}: expected an object with \"name\" and \"set\""); continue; }
                foreach (var key in entry.Select(p => p.Key).Where(k => k is not ("name" or "set")))
                    problems.Add($"{at}.{key}: unknown field; an experiment has \"name\" and \"set\"");
                var name = entry["name"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (string.IsNullOrWhiteSpace(name)) { problems.Add($"{at}.name: expected a run name"); continue; }
                experiments.Add(new SweepGridEntry(name, Strings(entry["set"], $"{at}.set", problems)));
            }
        var grid = new SweepGrid { Experiments = experiments, Common = common };
        problems.AddRange(grid.Problems());
        return problems.Count == 0 ? grid : throw new ExperimentConfigException(source, problems);
    }

    /// <summary>Every problem of the grid (names that cannot be folders, duplicates, malformed overrides); empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var e in Experiments)
        {
            if (SweepNames.Problem(e.Name) is { } p) problems.Add($"experiment '{e.Name}': {p}");
            foreach (var o in e.Overrides.Where(o => o.IndexOf('=') <= 0))
                problems.Add($"experiment '{e.Name}': override '{o}' is not key=value");
        }
        foreach (var o in Common.Where(o => o.IndexOf('=') <= 0)) problems.Add($"common: override '{o}' is not key=value");
        foreach (var d in Experiments.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"experiment '{d.Key}' appears {d.Count()} times; each run needs its own name");
        return problems;
    }

    private static List<string> Strings(JsonNode? node, string at, List<string> problems)
    {
        if (node is null) return [];
        if (node is not JsonArray array) { problems.Add($"{at}: expected an array of \"key=value\" strings"); return []; }
        var result = new List<string>();
        foreach (var item in array)
            if (item is JsonValue v && v.TryGetValue<string>(out var s)) result.Add(s);
            else problems.Add($"{at}: every item must be a \"key=value\" string, found {item?.ToJsonString() ?? "null"}");
        return result;
    }
}
