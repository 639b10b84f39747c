using System.Text.Json;
using System.Text.Json.Serialization;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Models.Convolutions;

/// <summary>
/// The battery's verdicts kept between processes, one JSON file per <see cref="MachineFingerprint"/> in the user's
/// cache folder ($VNETATRIA_CACHE_DIR, else $XDG_CACHE_HOME/vnet-atria, else ~/.cache/vnet-atria), so the checks cost
/// their second once per machine and library version. A missing, unreadable or foreign file is measured again.
/// </summary>
public sealed class ConvolutionCheckCache(string folder)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The folder holding the cache files.</summary>
    public string Folder { get; } = folder;

    /// <summary>The cache in the default folder.</summary>
    public static ConvolutionCheckCache Default() => new(DefaultFolder());

    /// <summary>$VNETATRIA_CACHE_DIR, else $XDG_CACHE_HOME/vnet-atria, else ~/.cache/vnet-atria.</summary>
    public static string DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable("VNETATRIA_CACHE_DIR") is { Length: > 0 } explicitFolder) return explicitFolder;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "vnet-atria");
    }

    /// <summary>The file of <paramref name="fingerprint"/>.</summary>
    public string PathOf(MachineFingerprint fingerprint) => System.IO.Path.Combine(Folder, $"convolution-check-{fingerprint.Hash}.json");

    /// <summary>The verdicts saved for <paramref name="fingerprint"/> (empty when there are none or the file is unusable).</summary>
    public IReadOnlyList<ConvolutionVerdict> Load(MachineFingerprint fingerprint)
    {
        var path = PathOf(fingerprint);
        try
        {
            if (!File.Exists(path)) return [];
            var file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllText(path), Json);
            if (file is null || file.Fingerprint != fingerprint.Description || file.Verdicts is null) return [];
            return file.Verdicts.Where(v => v.Shape is not null && v.Errors is not null)
                .Select(v => new ConvolutionVerdict(v.Shape!, v.Errors!)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return [];
        }
    }

    /// <summary>
    /// Saves <paramref name="verdicts"/> for <paramref name="fingerprint"/> atomically. Returns null, or why it could not
    /// (a read-only home, say): the cache only saves time, so failing to write it is not an error.
    /// </summary>
    public string? Save(MachineFingerprint fingerprint, IEnumerable<ConvolutionVerdict> verdicts)
    {
        var path = PathOf(fingerprint);
        try
        {
            Directory.CreateDirectory(Folder);
            var file = new CacheFile
            {
                Fingerprint = fingerprint.Description,
                Verdicts = verdicts.Select(v => new CachedVerdict { Shape = v.Shape, Errors = v.Errors.ToDictionary() }).ToList(),
            };
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(file, Json));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"could not write the convolution check cache '{path}': {e.Message}";
        }
    }

    private sealed class CacheFile
    {
        public string? Fingerprint { get; set; }
        public List<CachedVerdict>? Verdicts { get; set; }
    }

    private sealed class CachedVerdict
    {
        public ConvolutionShape? Shape { get; set; }
        public Dictionary<ConvolutionPath, ConvolutionErrors>? Errors { get; set; }
    }
}
