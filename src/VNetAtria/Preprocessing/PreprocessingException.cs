namespace VNetAtria.Preprocessing;

/// <summary>
/// A volume or a setting that a preprocessing step cannot accept: the message names the case or file, the value
/// found, what was expected and what to do.
/// </summary>
public sealed class PreprocessingException : Exception
{
    /// <summary>Creates the exception with a complete message.</summary>
    public PreprocessingException(string message, Exception? inner = null) : base(message, inner) { }
}
