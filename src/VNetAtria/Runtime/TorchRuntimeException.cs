namespace VNetAtria.Runtime;

/// <summary>
/// TorchSharp cannot be used in this process: its native library did not load, or the requested device is not
/// available. The message says what failed (with the dynamic loader's own error) and how to fix it.
/// </summary>
public sealed class TorchRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="nativeLibraryPath">The native library that was tried, when one was.</param>
    /// <param name="loaderError">The dynamic loader's error text (dlerror on Linux), when there was one.</param>
    /// <param name="inner">The exception that reported the failure, if any.</param>
    public TorchRuntimeException(string message, string? nativeLibraryPath = null, string? loaderError = null, Exception? inner = null)
        : base(message, inner)
    {
        NativeLibraryPath = nativeLibraryPath;
        LoaderError = loaderError;
    }

    /// <summary>The libLibTorchSharp file that failed to load, or null when none was found or the failure is not a load failure.</summary>
    public string? NativeLibraryPath { get; }

    /// <summary>The loader's error text, e.g. "version `GLIBCXX_3.4.32' not found (required by ...)".</summary>
    public string? LoaderError { get; }
}
