using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace VNetAtria.Experiments;

/// <summary>The JSON form of <see cref="ExperimentConfig"/>: camelCase names, enums by <see cref="ConfigEnumNames"/>, unknown members rejected.</summary>
public static class ExperimentConfigJson
{
    /// <summary>The serializer options configs are read and written with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Indented JSON ('\n' line ends, trailing newline).</summary>
    public static string Serialize(ExperimentConfig config) => JsonSerializer.Serialize(config, Options).ReplaceLineEndings("\n") + "\n";

    /// <summary>The default config (every field at its original default) as a JSON tree: the base every file is merged onto.</summary>
    public static JsonObject DefaultsNode() => JsonSerializer.SerializeToNode(new ExperimentConfig(), Options)!.AsObject();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            Converters = { new EnumConverterFactory() },
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>Every enum as its <see cref="ConfigEnumNames"/> string; an unknown name lists the accepted ones.</summary>
    private sealed class EnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(EnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class EnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"expected one of {ConfigEnumNames.Expected(typeof(T))}, found {reader.TokenType}");
            var text = reader.GetString();
            return ConfigEnumNames.TryParse(typeof(T), text, out var value)
                ? (T)value!
                : throw new JsonException($"unknown value '{text}'; expected {ConfigEnumNames.Expected(typeof(T))}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ConfigEnumNames.Name(value));
    }
}
