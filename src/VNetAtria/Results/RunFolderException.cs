namespace VNetAtria.Results;

/// <summary>A run folder lacks a file or holds one that cannot be read; the message names the file and what writes it.</summary>
/// <param name="message">What is wrong and what to do.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class RunFolderException(string message, Exception? inner = null) : Exception(message, inner);
