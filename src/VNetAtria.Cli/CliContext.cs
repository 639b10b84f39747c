using System.CommandLine;
using Spectre.Console;

namespace VNetAtria.Cli;

/// <summary>What every command needs: where to write, whether the terminal is interactive, the global options.</summary>
internal sealed class CliContext
{
    public CliContext(IAnsiConsole console, TextWriter output, TextWriter error, bool interactive)
    {
        Console = console;
        Output = output;
        Error = error;
        Interactive = interactive;
    }

    /// <summary>Spectre console over standard output (tables, progress).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard output as plain text (JSON, non-interactive progress lines).</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error (the one-line error, warnings).</summary>
    public TextWriter Error { get; }

    /// <summary>True when standard output is an interactive terminal (live progress bars); false when redirected.</summary>
    public bool Interactive { get; }

    /// <summary>The global --verbose option.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On failure, print the full exception (type, stack trace, inner exceptions) after the one-line error.",
        Recursive = true,
    };

    /// <summary>Writes "vnet-atria: warning: ..." on standard error.</summary>
    public void Warn(string message) => Error.WriteLine($"vnet-atria: warning: {message}");
}
