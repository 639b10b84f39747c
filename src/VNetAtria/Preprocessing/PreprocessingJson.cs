using System.Text.Json;
using System.Text.Json.Serialization;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Preprocessing;

/// <summary>
/// JSON for the preprocessing records (padding, normalisation statistics, crop plans): camelCase names, enums as
/// strings, shapes and indices as [D, H, W] arrays, boxes as {"start": [..], "size": [..]}.
/// </summary>
public static class PreprocessingJson
{
    /// <summary>The serializer options every preprocessing record is written and read with.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The record as indented JSON text ('\n' line ends, trailing newline).</summary>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Options).ReplaceLineEndings("\n") + "\n";

    /// <summary>Parses a record; <paramref name="source"/> names the text in messages.</summary>
    /// <exception cref="PreprocessingException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T Parse<T>(string json, string source) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new PreprocessingException($"{source}: the JSON is null; expected a {typeof(T).Name} object.");
        }
        catch (JsonException e)
        {
            throw new PreprocessingException($"{source}: not a valid {typeof(T).Name} ({e.Message}). Regenerate the file rather than editing it by hand.", e);
        }
    }

    /// <summary>Writes the record to <paramref name="path"/> atomically.</summary>
    public static void Write<T>(string path, T value) => AtomicFile.WriteAllText(path, ToJson(value));

    /// <summary>Reads a record written by <see cref="Write{T}"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="PreprocessingException">The file is not a valid record.</exception>
    public static T Read<T>(string path) where T : class
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        return Parse<T>(File.ReadAllText(path), path);
    }

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            WriteIndented = true,
            // Relaxed escaping keeps apostrophes in warnings readable; these files are never embedded in HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters =
            {
                new JsonStringEnumConverter(JsonNamingPolicy.CamelCase),
                new TripleConverter<Shape3>(v => [v.Depth, v.Height, v.Width], a => new Shape3(a[0], a[1], a[2])),
                new TripleConverter<Index3>(v => [v.D, v.H, v.W], a => new Index3(a[0], a[1], a[2])),
                new BoxConverter(),
            },
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>An (int, int, int) struct as a three-element array.</summary>
    private sealed class TripleConverter<T>(Func<T, int[]> toArray, Func<int[], T> fromArray) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var a = JsonSerializer.Deserialize<int[]>(ref reader, options);
            if (a is not { Length: 3 })
                throw new JsonException($"{typeof(T).Name} must be an array of three integers [D, H, W].");
            return fromArray(a);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            // One line per triple keeps plans readable ("patchSize": [96, 144, 224]).
            var a = toArray(value);
            writer.WriteRawValue(FormattableString.Invariant($"[{a[0]}, {a[1]}, {a[2]}]"), skipInputValidation: true);
        }
    }

    /// <summary>A box as {"start": [D, H, W], "size": [D, H, W]}.</summary>
    private sealed class BoxConverter : JsonConverter<Box3>
    {
        private sealed record Dto(Index3 Start, Shape3 Size);

        public override Box3 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var dto = JsonSerializer.Deserialize<Dto>(ref reader, options) ?? throw new JsonException("A box must be an object with start and size.");
            return new Box3(dto.Start, dto.Size);
        }

        public override void Write(Utf8JsonWriter writer, Box3 value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, new Dto(value.Start, value.Size), options);
    }
}
