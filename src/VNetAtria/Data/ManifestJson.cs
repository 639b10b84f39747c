using System.Text;
using System.Text.Json;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Data;

/// <summary>
/// Reads and writes <see cref="DatasetManifest"/> JSON (format version 1; the schema is data-manifests/manifest.schema.json).
/// Writing is deterministic (same manifest, same bytes) and atomic. Reading checks every field and names the one at fault.
/// </summary>
public static class ManifestJson
{
    // Relaxed escaping keeps '<', '>', '\'' and '+' readable in descriptions; manifests are files, never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The manifest as indented JSON text (UTF-8, '\n' line ends, trailing newline).</summary>
    public static string ToJson(DatasetManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions with { NewLine = "\n" }))
            WriteManifest(w, manifest);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes the manifest to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, DatasetManifest manifest) => AtomicFile.WriteAllText(path, ToJson(manifest));

    /// <summary>Reads a manifest file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetException">The file is not a valid manifest (the message names the field).</exception>
    public static DatasetManifest Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such manifest file.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses manifest JSON; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DatasetException">The text is not a valid manifest.</exception>
    public static DatasetManifest Parse(string json, string source = "manifest")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new DatasetException($"{source}: not valid JSON ({e.Message}).", inner: e);
        }
        using (doc)
            return new Reader(source).Manifest(doc.RootElement);
    }

    private static void WriteManifest(Utf8JsonWriter w, DatasetManifest m)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion", m.FormatVersion);
        w.WriteString("name", m.Name);
        if (m.Description is not null) w.WriteString("description", m.Description);
        w.WriteString("layout", m.Layout.Name());
        WriteStringOrNull(w, "root", m.Root);
        WriteStringOrNull(w, "createdBy", m.CreatedBy);
        w.WriteStartObject("split");
        w.WriteString("method", m.Split.Method);
        if (m.Split.Seed is { } seed) w.WriteNumber("seed", seed);
        if (m.Split.TrainFraction is { } fraction) w.WriteNumber("trainFraction", fraction);
        w.WriteEndObject();
        w.WriteStartArray("cases");
        foreach (var c in m.Cases)
        {
            w.WriteStartObject();
            w.WriteString("id", c.Id);
            w.WriteString("split", c.Split.Name());
            w.WritePropertyName("image");
            WriteFile(w, c.Image);
            w.WritePropertyName("label");
            if (c.Label is null) w.WriteNullValue(); else WriteFile(w, c.Label);
            w.WritePropertyName("shape");
            if (c.Shape is { } s)
            {
                w.WriteStartArray();
                w.WriteNumberValue(s.Depth);
                w.WriteNumberValue(s.Height);
                w.WriteNumberValue(s.Width);
                w.WriteEndArray();
            }
            else w.WriteNullValue();
            w.WritePropertyName("spacing");
            if (c.Spacing is { } sp)
            {
                w.WriteStartArray();
                w.WriteNumberValue(sp.D);
                w.WriteNumberValue(sp.H);
                w.WriteNumberValue(sp.W);
                w.WriteEndArray();
            }
            else w.WriteNullValue();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFile(Utf8JsonWriter w, ManifestFile f)
    {
        w.WriteStartObject();
        w.WriteString("path", f.Path);
        WriteStringOrNull(w, "sha256", f.Sha256);
        if (f.Dataset is not null) w.WriteString("dataset", f.Dataset);
        w.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    /// <summary>Checks a manifest-relative path: non-empty, '/' separators, not rooted, no "." or ".." segments.</summary>
    /// <returns>Null when valid, else the problem.</returns>
    public static string? RelativePathProblem(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return "is empty";
        if (path.Contains('\\')) return $"'{path}' uses '\\'; use '/' separators";
        if (path.StartsWith('/') || Path.IsPathRooted(path) || (path.Length > 1 && path[1] == ':')) return $"'{path}' is absolute; paths are relative to the manifest root";
        if (path.Split('/').Any(seg => seg is "" or "." or "..")) return $"'{path}' has an empty, '.' or '..' segment; paths must stay inside the root";
        return null;
    }

    /// <summary>Validating reader: every failure names the JSON path of the field.</summary>
    private sealed class Reader(string source)
    {
        private static readonly string[] TopFields = ["$schema", "formatVersion", "name", "description", "layout", "root", "createdBy", "split", "cases"];
        private static readonly string[] SplitFields = ["method", "seed", "trainFraction"];
        private static readonly string[] CaseFields = ["id", "split", "image", "label", "shape", "spacing"];
        private static readonly string[] FileFields = ["path", "sha256", "dataset"];

        private DatasetException Fail(string field, string message) =>
            new($"{source}: field '{field}': {message}.");

        public DatasetManifest Manifest(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object) throw Fail("$", $"expected an object, found {root.ValueKind}");
            CheckFields(root, "$", TopFields);
            var version = Int(Required(root, "formatVersion", "$"), "formatVersion");
            if (version != DatasetManifest.CurrentFormatVersion)
                throw Fail("formatVersion", version > DatasetManifest.CurrentFormatVersion
                    ? $"version {version} is newer than this tool reads ({DatasetManifest.CurrentFormatVersion}); update vnet-atria"
                    : $"expected {DatasetManifest.CurrentFormatVersion}, found {version}");
            var name = String(Required(root, "name", "$"), "name");
            var layoutName = String(Required(root, "layout", "$"), "layout");
            DatasetLayout layout;
            try { layout = DatasetLayouts.Parse(layoutName); }
            catch (ArgumentException) { throw Fail("layout", $"expected one of {string.Join(", ", DatasetLayouts.Names)}, found '{layoutName}'"); }
            var split = SplitInfo(Required(root, "split", "$"));
            var casesElement = Required(root, "cases", "$");
            if (casesElement.ValueKind != JsonValueKind.Array) throw Fail("cases", $"expected an array, found {casesElement.ValueKind}");
            var cases = new List<ManifestCase>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var c in casesElement.EnumerateArray())
            {
                var mc = Case(c, $"cases[{i}]");
                if (!ids.Add(mc.Id)) throw Fail($"cases[{i}].id", $"case id '{mc.Id}' appears more than once");
                cases.Add(mc);
                i++;
            }
            return new DatasetManifest
            {
                FormatVersion = version,
                Name = name,
                Description = OptionalString(root, "description"),
                Layout = layout,
                Root = OptionalString(root, "root"),
                CreatedBy = OptionalString(root, "createdBy"),
                Split = split,
                Cases = cases,
            };
        }

        private ManifestSplitInfo SplitInfo(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Fail("split", $"expected an object, found {e.ValueKind}");
            CheckFields(e, "split", SplitFields);
            var method = String(Required(e, "method", "split"), "split.method");
            if (method is not (ManifestSplitInfo.SeedMethod or ManifestSplitInfo.ListsMethod or ManifestSplitInfo.FoldersMethod))
                throw Fail("split.method", $"expected seed, lists or folders, found '{method}'");
            long? seed = null;
            if (e.TryGetProperty("seed", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var v)) throw Fail("split.seed", $"expected an integer, found {s}");
                seed = v;
            }
            double? fraction = null;
            if (e.TryGetProperty("trainFraction", out var f) && f.ValueKind != JsonValueKind.Null)
            {
                if (f.ValueKind != JsonValueKind.Number || !(f.GetDouble() is >= 0 and <= 1)) throw Fail("split.trainFraction", $"expected a number in [0, 1], found {f}");
                fraction = f.GetDouble();
            }
            return new ManifestSplitInfo(method, seed, fraction);
        }

        private ManifestCase Case(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Fail(at, $"expected an object, found {e.ValueKind}");
            CheckFields(e, at, CaseFields);
            var id = String(Required(e, "id", at), at + ".id");
            if (id.Length == 0 || id.Contains('/') || id.Contains('\\')) throw Fail(at + ".id", $"'{id}' must be non-empty and contain no path separator");
            var splitName = String(Required(e, "split", at), at + ".split");
            var split = DatasetSplits.TryParse(splitName) ?? throw Fail(at + ".split", $"expected train, validation or test, found '{splitName}'");
            var image = File(Required(e, "image", at), at + ".image");
            ManifestFile? label = null;
            if (e.TryGetProperty("label", out var l) && l.ValueKind != JsonValueKind.Null) label = File(l, at + ".label");
            Shape3? shape = null;
            if (e.TryGetProperty("shape", out var sh) && sh.ValueKind != JsonValueKind.Null)
            {
                var v = Numbers(sh, at + ".shape");
                var ints = v.Select(x => x.TryGetInt32(out var n) && n > 0 ? n : -1).ToArray();
                if (ints.Any(n => n <= 0)) throw Fail(at + ".shape", $"expected three positive integers [D, H, W], found {sh}");
                shape = new Shape3(ints[0], ints[1], ints[2]);
            }
            Spacing3? spacing = null;
            if (e.TryGetProperty("spacing", out var sp) && sp.ValueKind != JsonValueKind.Null)
            {
                var v = Numbers(sp, at + ".spacing").Select(x => x.GetDouble()).ToArray();
                var s = new Spacing3(v[0], v[1], v[2]);
                if (!s.IsValid) throw Fail(at + ".spacing", $"expected three positive millimetre values [D, H, W], found {sp}");
                spacing = s;
            }
            return new ManifestCase(id, split, image, label, shape, spacing);
        }

        private ManifestFile File(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Fail(at, $"expected an object {{\"path\", \"sha256\"}}, found {e.ValueKind}");
            CheckFields(e, at, FileFields);
            var path = String(Required(e, "path", at), at + ".path");
            if (RelativePathProblem(path) is { } problem) throw Fail(at + ".path", problem);
            var sha = OptionalString(e, "sha256");
            if (sha is not null && (sha.Length != 64 || !sha.All(ch => ch is >= '0' and <= '9' or >= 'a' and <= 'f')))
                throw Fail(at + ".sha256", $"expected 64 lower-case hex digits or null, found '{sha}'");
            var dataset = OptionalString(e, "dataset");
            return new ManifestFile(path, sha, dataset);
        }

        private JsonElement[] Numbers(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 3 || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number))
                throw Fail(at, $"expected an array of three numbers [D, H, W] or null, found {e}");
            return e.EnumerateArray().ToArray();
        }

        private JsonElement Required(JsonElement obj, string name, string at)
        {
            if (!obj.TryGetProperty(name, out var v)) throw Fail(at == "$" ? name : $"{at}.{name}", "is missing");
            return v;
        }

        private void CheckFields(JsonElement obj, string at, string[] allowed)
        {
            foreach (var p in obj.EnumerateObject())
                if (!allowed.Contains(p.Name, StringComparer.Ordinal))
                    throw Fail(at == "$" ? p.Name : $"{at}.{p.Name}", $"unknown field; expected one of {string.Join(", ", allowed)}");
        }

        private string String(JsonElement e, string at) =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Fail(at, $"expected a string, found {e.ValueKind}");

        private string? OptionalString(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? String(v, name) : null;

        private int Int(JsonElement e, string at) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) ? n : throw Fail(at, $"expected an integer, found {e}");
    }
}
