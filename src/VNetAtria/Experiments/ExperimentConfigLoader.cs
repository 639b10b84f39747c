using System.Text.Json;
using System.Text.Json.Nodes;

namespace VNetAtria.Experiments;

/// <summary>
/// Reads experiment configs: resolves "extends" (a base config, path relative to the file, merged first), merges the
/// result onto the defaults, applies "key=value" overrides, checks every field's name and kind, binds, and validates.
/// Every problem of a stage is reported at once, each with its field's dotted path.
/// </summary>
public static class ExperimentConfigLoader
{
    /// <summary>The field naming a base config, relative to the file that names it.</summary>
    public const string ExtendsField = "extends";

    /// <summary>The field naming the JSON Schema for editors (configs/experiment.schema.json); ignored.</summary>
    public const string SchemaField = "$schema";

    /// <summary>Loads a config file (with its bases) and applies <paramref name="overrides"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ExperimentConfigException">Malformed JSON, an unknown field, a wrong value, a missing or circular base.</exception>
    public static ExperimentConfig Load(string path, IEnumerable<string>? overrides = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"Experiment config '{full}' does not exist; see configs/ for examples.", full);
        return Bind(ReadWithBases(full, []), path, overrides);
    }

    /// <summary>Parses config text; "extends" is resolved against <paramref name="baseDirectory"/> (default: the current directory).</summary>
    /// <exception cref="ExperimentConfigException">As <see cref="Load"/>.</exception>
    public static ExperimentConfig Parse(string json, string source = "config", IEnumerable<string>? overrides = null, string? baseDirectory = null)
    {
        var node = ParseObject(json, source);
        node = ResolveExtends(node, Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory()), source, []);
        return Bind(node, source, overrides);
    }

    /// <summary>The file's JSON tree after "extends" (without defaults or overrides): what the file says, bases included.</summary>
    public static JsonObject ReadTree(string path) => ReadWithBases(Path.GetFullPath(path), []);

    private static ExperimentConfig Bind(JsonObject fileTree, string source, IEnumerable<string>? overrides)
    {
        var tree = JsonMerge.Merge(ExperimentConfigJson.DefaultsNode(), fileTree);
        var overrideProblems = ConfigOverrides.Apply(tree, overrides ?? []);
        ApplyAliases(tree);
        var p = new ConfigProblems();
        ConfigSchema.Check(tree, typeof(ExperimentConfig), false, "", p);
        var problems = overrideProblems.Concat(p.Items).Distinct().ToList();
        if (problems.Count > 0) throw new ExperimentConfigException(source, problems);
        ExperimentConfig config;
        try
        {
            config = tree.Deserialize<ExperimentConfig>(ExperimentConfigJson.Options)
                ?? throw new ExperimentConfigException(source, ["the config is null; expected an object"]);
        }
        catch (JsonException e)
        {
            // The schema check catches nearly everything; this names the field for what it cannot see.
            var at = e.Path is { Length: > 2 } jp ? jp.TrimStart('$').TrimStart('.') : "(root)";
            var message = e.Message.Split(" Path:")[0];
            throw new ExperimentConfigException(source, [$"{at}: {message}"], e);
        }
        return config.Validated(source);
    }

    /// <summary>Words accepted in place of numbers: prediction.threshold "original" is 1.0.</summary>
    private static void ApplyAliases(JsonObject tree)
    {
        if (tree["prediction"] is JsonObject prediction && prediction["threshold"] is JsonValue t
            && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>().Equals("original", StringComparison.OrdinalIgnoreCase))
            prediction["threshold"] = PredictionConfig.OriginalThreshold;
    }

    private static JsonObject ReadWithBases(string fullPath, HashSet<string> chain)
    {
        if (!chain.Add(fullPath))
            throw new ExperimentConfigException(fullPath, [$"{ExtendsField}: circular chain of base configs ({string.Join(" -> ", chain)} -> {fullPath})"]);
        var node = ParseObject(File.ReadAllText(fullPath), fullPath);
        return ResolveExtends(node, Path.GetDirectoryName(fullPath)!, fullPath, chain);
    }

    private static JsonObject ResolveExtends(JsonObject node, string directory, string source, HashSet<string> chain)
    {
        node.Remove(SchemaField);
        if (!node.TryGetPropertyValue(ExtendsField, out var extends)) return node;
        node.Remove(ExtendsField);
        if (extends is null) return node;
        if (extends.GetValueKind() != JsonValueKind.String)
            throw new ExperimentConfigException(source, [$"{ExtendsField}: expected a relative path to a base config, found {extends.ToJsonString()}"]);
        var basePath = Path.GetFullPath(Path.Combine(directory, extends.GetValue<string>()));
        if (!File.Exists(basePath))
            throw new ExperimentConfigException(source, [$"{ExtendsField}: base config '{extends.GetValue<string>()}' not found (looked for {basePath})"]);
        return JsonMerge.Merge(ReadWithBases(basePath, chain), node);
    }

    private static JsonObject ParseObject(string json, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ExperimentConfigException(source, [$"(root): not valid JSON: {e.Message}"], e);
        }
        return node as JsonObject ?? throw new ExperimentConfigException(source, ["(root): expected a JSON object {...}"]);
    }
}
