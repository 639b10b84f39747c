namespace VNetAtria.Pipeline.Prediction;

/// <summary>Invalid prediction settings or inputs; the message names the value, what was expected and the fix.</summary>
public sealed class PredictionException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public PredictionException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and cause.</summary>
    public PredictionException(string message, Exception inner) : base(message, inner) { }
}
