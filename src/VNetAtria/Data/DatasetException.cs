namespace VNetAtria.Data;

/// <summary>
/// A dataset or manifest is not what it must be: missing or orphaned files, duplicate case ids, mismatched shapes,
/// a malformed manifest or files that no longer match their manifest. The message is one readable sentence that
/// says what to do; <see cref="Problems"/> lists every individual problem.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with one or more individual problems.</summary>
    public DatasetException(string message, IReadOnlyList<string>? problems = null, Exception? inner = null)
        : base(message, inner)
    {
        Problems = problems ?? [message];
    }

    /// <summary>Every individual problem, one per line (the message may summarise them).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>"a, b, c" for at most <paramref name="max"/> items, then "and N more".</summary>
    internal static string ListSome(IReadOnlyCollection<string> items, int max = 12)
    {
        var shown = string.Join(", ", items.Take(max));
        return items.Count > max ? $"{shown} and {items.Count - max} more" : shown;
    }
}
