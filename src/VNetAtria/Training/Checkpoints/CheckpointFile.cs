using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Training.Checkpoints;

/// <summary>A checkpoint read back: its manifest and its binary sections by name.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Sections">Section bytes by name.</param>
public sealed record CheckpointContent(CheckpointManifest Manifest, IReadOnlyDictionary<string, byte[]> Sections);

/// <summary>
/// The checkpoint container: one file, written atomically (temporary file, fsync, rename), so a crash leaves either
/// the old or the new checkpoint and never a mix. Layout (integers little-endian):
/// <code>
/// 16 bytes  magic "VNETATRIA-CKPT\r\n"
///  4 bytes  format version (uint32)
///  8 bytes  manifest length M (int64)
///  M bytes  manifest, UTF-8 JSON (<see cref="CheckpointManifest"/>: versions, sections with lengths and SHA-256, training state)
///  ...      the sections' bytes, in manifest order
/// 32 bytes  SHA-256 of everything before it
/// </code>
/// Reading checks the magic (foreign file), the version, the length the manifest implies (truncation) and both the
/// file and per-section hashes (corruption), and names the file and the problem in a <see cref="CheckpointException"/>.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The current container version.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file extension used by the trainer.</summary>
    public const string Extension = ".ckpt";

    private static readonly byte[] Magic = "VNETATRIA-CKPT\r\n"u8.ToArray();
    private const int HeaderLength = 16 + 4 + 8;
    private const int HashLength = 32;

    /// <summary>JSON settings of the manifest: NaN/Infinity allowed (a fresh scheduler's best is +infinity), enums as names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Encodes a checkpoint to bytes; the manifest's section list is filled from <paramref name="sections"/>.</summary>
    public static byte[] Encode(CheckpointManifest manifest, IReadOnlyList<KeyValuePair<string, byte[]>> sections)
    {
        var listed = manifest with
        {
            FormatVersion = FormatVersion,
            Sections = sections.Select(s => new CheckpointSection(s.Key, s.Value.Length, Convert.ToHexStringLower(SHA256.HashData(s.Value)))).ToList(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(listed, JsonOptions);
        var total = HeaderLength + json.Length + sections.Sum(s => (long)s.Value.Length) + HashLength;
        var bytes = new byte[total];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[20..], json.Length);
        json.CopyTo(span[HeaderLength..]);
        var at = HeaderLength + json.Length;
        foreach (var s in sections)
        {
            s.Value.CopyTo(span[at..]);
            at += s.Value.Length;
        }
        SHA256.HashData(span[..at], span[at..]);
        return bytes;
    }

    /// <summary>Writes encoded checkpoint bytes to <paramref name="path"/> atomically.</summary>
    public static void WriteBytes(string path, byte[] encoded) => AtomicFile.Write(path, stream => stream.Write(encoded)); // no extra copy of ~130 MB for the full model

    /// <summary>Encodes and writes a checkpoint atomically.</summary>
    public static void Write(string path, CheckpointManifest manifest, IReadOnlyList<KeyValuePair<string, byte[]>> sections) =>
        WriteBytes(path, Encode(manifest, sections));

    /// <summary>Reads and verifies a checkpoint; throws <see cref="CheckpointException"/> saying what is wrong.</summary>
    public static CheckpointContent Read(string path)
    {
        if (!File.Exists(path))
            throw new CheckpointException(path, Directory.Exists(path) ? "is a folder, not a checkpoint file." : "does not exist.");
        return Decode(path, File.ReadAllBytes(path));
    }

    /// <summary>Verifies and decodes checkpoint bytes; <paramref name="path"/> names the source in errors.</summary>
    public static CheckpointContent Decode(string path, byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (bytes.Length is > 0 and < 16 && Magic.AsSpan().StartsWith(span))
            throw new CheckpointException(path, $"is truncated: {bytes.Length} bytes, shorter than the {HeaderLength}-byte header.");
        if (bytes.Length < Magic.Length || !span[..Magic.Length].SequenceEqual(Magic))
        {
            var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 16)).Replace("\r", "\\r").Replace("\n", "\\n");
            var hint = bytes.Length >= 2 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' ? " (it looks like a zip archive, e.g. a PyTorch .pt file: import PyTorch weights with the model import instead)" : "";
            throw new CheckpointException(path, $"is not a VNetAtria checkpoint: it must start with \"VNETATRIA-CKPT\", found \"{head}\"{hint}.");
        }
        if (bytes.Length < HeaderLength)
            throw new CheckpointException(path, $"is truncated: {bytes.Length} bytes, shorter than the {HeaderLength}-byte header.");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
        if (version != FormatVersion)
            throw new CheckpointException(path, version > FormatVersion
                ? $"has format version {version}, newer than this library reads ({FormatVersion}); update VNetAtria."
                : $"has format version {version}, which this library does not read (expected {FormatVersion}).");
        var manifestLength = BinaryPrimitives.ReadInt64LittleEndian(span[20..]);
        if (manifestLength <= 0 || manifestLength > bytes.Length - HeaderLength)
            throw new CheckpointException(path, $"is truncated or corrupted: the header announces a {manifestLength}-byte manifest but only {bytes.Length - HeaderLength} bytes follow the header.");
        CheckpointManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(span.Slice(HeaderLength, (int)manifestLength), JsonOptions)
                ?? throw new JsonException("the manifest is null");
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"is corrupted: its manifest is not valid JSON ({e.Message}).", e);
        }
        if (manifest.Sections is null || manifest.State is null || manifest.Sections.Any(s => s is null || s.Length < 0 || s.Length > bytes.Length || s.Name is null))
            throw new CheckpointException(path, "is corrupted: its manifest lacks the training state or lists a section with an impossible length.");
        var expected = HeaderLength + manifestLength + manifest.Sections.Sum(s => s.Length) + HashLength;
        if (bytes.Length != expected)
            throw new CheckpointException(path, bytes.Length < expected
                ? $"is truncated: {bytes.Length} bytes, but its manifest describes {expected} (was the copy or the write interrupted?)."
                : $"is corrupted: {bytes.Length} bytes, but its manifest describes {expected}.");
        var bodyLength = bytes.Length - HashLength;
        if (!SHA256.HashData(span[..bodyLength]).AsSpan().SequenceEqual(span[bodyLength..]))
        {
            // Name the damaged part when a section hash shows it.
            var damaged = new List<string>();
            var at = HeaderLength + manifestLength;
            foreach (var s in manifest.Sections)
            {
                if (Convert.ToHexStringLower(SHA256.HashData(span.Slice((int)at, (int)s.Length))) != s.Sha256) damaged.Add(s.Name);
                at += s.Length;
            }
            var where = damaged.Count > 0 ? $" (damaged section(s): {string.Join(", ", damaged)})" : "";
            throw new CheckpointException(path, $"is corrupted: its SHA-256 does not match the content{where}. Use another checkpoint (e.g. checkpoint-best or a numbered one).");
        }
        var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var offset = HeaderLength + (int)manifestLength;
        foreach (var s in manifest.Sections)
        {
            sections[s.Name] = span.Slice(offset, (int)s.Length).ToArray();
            offset += (int)s.Length;
        }
        return new CheckpointContent(manifest, sections);
    }
}
