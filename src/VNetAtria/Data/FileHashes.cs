using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VNetAtria.Data;

/// <summary>SHA-256 of files, streamed (constant memory) and in parallel over files.</summary>
public static class FileHashes
{
    private const int BufferSize = 1 << 20;

    /// <summary>The SHA-256 of a file as 64 lower-case hex digits.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static string Sha256(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The SHA-256 of each distinct path, computed in parallel (one file per core). Missing files are absent from the
    /// result rather than thrown, so that a caller can report all of them at once.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Sha256Many(IEnumerable<string> paths, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var distinct = paths.Distinct(StringComparer.Ordinal).ToList();
        var result = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var done = 0;
        Parallel.ForEach(distinct, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, path =>
        {
            if (File.Exists(path)) result[path] = Sha256(path);
            progress?.Report(new WorkProgress("hashing", Interlocked.Increment(ref done), distinct.Count, path));
        });
        return new Dictionary<string, string>(result, StringComparer.Ordinal);
    }
}
