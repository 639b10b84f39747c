using System.CommandLine;
using Spectre.Console;

namespace VNetAtria.Cli;

/// <summary>
/// What every command needs: where to write, whether the terminal is interactive, the global options.
/// <para>
/// With <c>--json</c> (see <see cref="EnterJsonMode"/>) standard output is reserved for the verb's one JSON document:
/// <see cref="Console"/> and <see cref="Output"/> (tables, "Wrote ..." lines, progress) then go to standard error,
/// progress is plain lines, and the document set with <see cref="SetJson"/> is written by <see cref="CliApp"/> only
/// after the verb has returned, so a failure never leaves half a document or stray text on standard output.
/// </para>
/// </summary>
internal sealed class CliContext
{
    private readonly IAnsiConsole _console;
    private readonly TextWriter _output;
    private readonly bool _interactive;
    private IAnsiConsole? _errorConsole;
    private string? _json;

    public CliContext(IAnsiConsole console, TextWriter output, TextWriter error, bool interactive)
    {
        _console = console;
        _output = output;
        Error = error;
        _interactive = interactive;
    }

    /// <summary>Spectre console for tables and progress: standard output, or standard error in JSON mode.</summary>
    public IAnsiConsole Console => JsonMode ? _errorConsole ??= PlainConsole(Error) : _console;

    /// <summary>Plain text for people (non-interactive progress lines, summaries): standard output, or standard error in JSON mode.</summary>
    public TextWriter Output => JsonMode ? Error : _output;

    /// <summary>Standard error (the one-line error, warnings).</summary>
    public TextWriter Error { get; }

    /// <summary>Standard output itself, where <see cref="CliApp"/> writes the JSON document.</summary>
    public TextWriter StandardOutput => _output;

    /// <summary>True when live progress bars may be drawn: standard output is an interactive terminal and the verb is not in JSON mode.</summary>
    public bool Interactive => _interactive && !JsonMode;

    /// <summary>True once the verb runs with <c>--json</c>.</summary>
    public bool JsonMode { get; private set; }

    /// <summary>The global --verbose option.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "On failure, print the full exception (type, stack trace, inner exceptions) after the one-line error.",
        Recursive = true,
    };

    /// <summary>Writes "vnet-atria: warning: ..." on standard error.</summary>
    public void Warn(string message) => Error.WriteLine($"vnet-atria: warning: {message}");

    /// <summary>Reserves standard output for one JSON document: everything else this context writes goes to standard error.</summary>
    public void EnterJsonMode() => JsonMode = true;

    /// <summary>
    /// The verb's result as one JSON document (whitespace and indentation are fine, one value only). It is written to
    /// standard output when the verb returns, and dropped when it throws.
    /// </summary>
    public void SetJson(string document)
    {
        if (!JsonMode) throw new InvalidOperationException("SetJson is for verbs run with --json.");
        if (_json is not null) throw new InvalidOperationException("A verb writes one JSON document; SetJson was called twice.");
        _json = document;
    }

    /// <summary>The document set by <see cref="SetJson"/> (once), or null.</summary>
    internal string? TakeJson()
    {
        var json = _json;
        _json = null;
        return json;
    }

    private static IAnsiConsole PlainConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        return console;
    }
}
