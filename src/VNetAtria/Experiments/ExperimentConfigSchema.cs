using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace VNetAtria.Experiments;

/// <summary>
/// The JSON Schema of experiment configs (configs/experiment.schema.json), generated from the config types so that
/// editors can complete and check fields. The loader remains the authority: it also checks values and cross-field rules.
/// </summary>
public static class ExperimentConfigSchema
{
    /// <summary>Where the shipped schema lives, relative to the repository root.</summary>
    public const string RelativePath = "configs/experiment.schema.json";

    /// <summary>The schema as indented JSON text ('\n' line ends, trailing newline).</summary>
    public static string Generate()
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                var type = context.TypeInfo.Type;
                var underlying = Nullable.GetUnderlyingType(type);
                if ((underlying ?? type).IsEnum)
                {
                    var values = new JsonArray(ConfigEnumNames.Names(underlying ?? type).Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
                    if (underlying is not null) values.Add(null);
                    return new JsonObject { ["enum"] = values };
                }
                return node;
            },
        };
        var schema = ExperimentConfigJson.Options.GetJsonSchemaAsNode(typeof(ExperimentConfig), exporter).AsObject();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "VNetAtria experiment config",
            ["description"] = "One run: data, preprocessing, augmentation, locator and segmenter stages, prediction, device and seed. Omitted fields take the original's defaults; see configs/README.md.",
        };
        foreach (var (key, value) in schema) root[key] = value?.DeepClone();
        var properties = root["properties"]!.AsObject();
        properties.Insert(0, ExperimentConfigLoader.SchemaField, new JsonObject { ["type"] = "string", ["description"] = "Path of this schema, for editors; ignored by the loader." });
        properties.Insert(1, ExperimentConfigLoader.ExtendsField, new JsonObject { ["type"] = "string", ["description"] = "A base config, relative to this file, merged first (objects deeply, other values replaced)." });
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }
}
