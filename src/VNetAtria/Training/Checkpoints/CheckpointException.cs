namespace VNetAtria.Training.Checkpoints;

/// <summary>A checkpoint file cannot be used: not a checkpoint, truncated, corrupted, from a newer format or an incompatible run. The message names the file and what is wrong.</summary>
public class CheckpointException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointException(string path, string message, Exception? inner = null)
        : base($"Checkpoint '{path}': {message}", inner) => FilePath = path;

    /// <summary>The checkpoint file.</summary>
    public string FilePath { get; }
}

/// <summary>A checkpoint was written by a run whose configuration differs from the current one.</summary>
public sealed class CheckpointIncompatibleException : CheckpointException
{
    /// <summary>Creates the exception listing <paramref name="differences"/>.</summary>
    public CheckpointIncompatibleException(string path, IReadOnlyList<ConfigDifference> differences)
        : base(path, "it was written with a different configuration, so training cannot continue from it. Differing options:" + Environment.NewLine
            + string.Join(Environment.NewLine, differences.Select(d => "  " + d)) + Environment.NewLine
            + "Resume with the checkpoint's configuration, or start a new run in another folder.")
        => Differences = differences;

    /// <summary>Each differing option.</summary>
    public IReadOnlyList<ConfigDifference> Differences { get; }
}
