namespace VNetAtria.Imaging.Formats;

/// <summary>
/// A volume file is malformed, unsupported or inconsistent. The message names the file, the field and
/// what was expected against what was found, and says what to do where that is not obvious.
/// </summary>
public sealed class VolumeFormatException : IOException
{
    /// <summary>Creates the exception; the message is prefixed with the file path.</summary>
    public VolumeFormatException(string filePath, string? field, string message, Exception? inner = null)
        : base(Compose(filePath, field, message), inner)
    {
        FilePath = filePath;
        Field = field;
    }

    /// <summary>The file the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>The header field or part of the file, when one is to blame.</summary>
    public string? Field { get; }

    private static string Compose(string path, string? field, string message) =>
        field is null ? $"{path}: {message}" : $"{path}: field '{field}': {message}";
}
