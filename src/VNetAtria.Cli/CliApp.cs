using System.CommandLine;
using System.Reflection;
using Spectre.Console;
using VNetAtria.Cli.Commands;

namespace VNetAtria.Cli;

/// <summary>
/// Builds and runs the vnet-atria command line. Exit codes: 0 ok, 1 failure, 2 bad usage.
/// Errors are one line on standard error ("vnet-atria: error: ..."); --verbose adds the exception's details.
/// Verbs with <c>--json</c> write exactly one JSON document on standard output, and only that (see <see cref="CliJson"/>).
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Ok = 0;

    /// <summary>Exit code of a failed run (bad input data, missing files, mismatches, bugs).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a command line that could not be parsed (unknown verb or option, bad value).</summary>
    public const int BadUsage = 2;

    /// <summary>The tool's version ("0.1.0"), without the source revision.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>"vnet-atria 0.1.0", recorded in the files the tool writes.</summary>
    public static string ToolName => $"vnet-atria {Version}";

    /// <summary>Runs the command line on the process's console and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var interactive = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        var stdout = Console.Out;
        var ctx = new CliContext(console, stdout, Console.Error, interactive);
        // In JSON mode, anything written to Console.Out by code that does not go through the context (a library's
        // log line) goes to standard error; the context keeps the real standard output for the document.
        if (JsonModeRequested(args)) Console.SetOut(Console.Error);
        try { return Run(args, ctx); }
        finally { Console.SetOut(stdout); }
    }

    /// <summary>
    /// Runs the command line in-process with the given standard output and error (for tests and hosts). Output is plain
    /// text: no colours, no cursor control, progress as lines.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return Run(args, new CliContext(console, output, error, interactive: false));
    }

    /// <summary>The command tree (exposed for help tests and documentation).</summary>
    internal static RootCommand BuildRootCommand(CliContext ctx)
    {
        var root = new RootCommand("vnet-atria: left-atrium segmentation in 3D LGE-MRI with VNet (a C# port of the PyTorch LASC 2018 project). " +
                                   "Exit codes: 0 ok, 1 failure, 2 bad usage.");
        root.Options.Add(ctx.Verbose);
        root.Subcommands.Add(SynthCommand.Create(ctx));
        root.Subcommands.Add(VolumeCommand.Create(ctx));
        root.Subcommands.Add(ManifestCommand.Create(ctx));
        root.Subcommands.Add(ModelCommand.Create(ctx));
        root.Subcommands.Add(EvaluateCommand.Create(ctx));
        root.Subcommands.Add(BenchCommand.Create(ctx));
        root.Subcommands.Add(TrainCommand.Create(ctx));
        root.Subcommands.Add(PredictCommand.Create(ctx));
        root.Subcommands.Add(ReportCommand.Create(ctx));
        root.Subcommands.Add(SweepCommand.Create(ctx));
        root.Subcommands.Add(ImportPyTorchCommand.Create(ctx));
        root.Subcommands.Add(DemoCommand.Create(ctx));
        root.Subcommands.Add(DoctorCommand.Create(ctx));
        return root;
    }

    internal static int Run(string[] args, CliContext ctx)
    {
        var root = BuildRootCommand(ctx);
        var invocation = new InvocationConfiguration { Output = ctx.Output, Error = ctx.Error, EnableDefaultExceptionHandler = false };
        if (args.Length == 0)
        {
            // No verb: show what there is, but it is still a usage error.
            root.Parse(["--help"]).Invoke(invocation);
            return BadUsage;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // "Required command was not provided" only restates an unknown verb's error: show the specific ones first.
            var messages = parse.Errors.Select(e => e.Message.Trim()).ToList();
            var specific = messages.Where(m => !m.StartsWith("Required command", StringComparison.Ordinal)).ToList();
            ctx.Error.WriteLine($"vnet-atria: error: {string.Join(" ", specific.Count > 0 ? specific : messages)}");
            ctx.Error.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
            return BadUsage;
        }
        // --help shows help whatever else is given; only the verb's own action runs in JSON mode.
        if (parse.Action == parse.CommandResult.Command.Action && CliJson.Requested(parse)) ctx.EnterJsonMode();
        try
        {
            var code = parse.Invoke(invocation);
            if (ctx.JsonMode)
            {
                // Written only now that the verb has returned: a failure part-way never leaves half a document.
                if (ctx.TakeJson() is { } document) ctx.StandardOutput.WriteLine(document.TrimEnd());
                else if (code == Ok) return CliErrors.Report(ctx, new InvalidOperationException($"'{CommandPath(parse)} --json' produced no JSON document."), parse.GetValue(ctx.Verbose));
            }
            return code;
        }
        catch (Exception e)
        {
            return CliErrors.Report(ctx, e, parse.GetValue(ctx.Verbose));
        }
        finally
        {
            ctx.Output.Flush();
            ctx.Error.Flush();
        }
    }

    // Cheap and before parsing: the process-wide redirect only matters when the option is there at all.
    private static bool JsonModeRequested(string[] args) => args.Contains(CliJson.OptionName, StringComparer.Ordinal);

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "vnet-atria" : r.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static string ReadVersion()
    {
        var info = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                   ?? typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = info.IndexOf('+');
        return plus < 0 ? info : info[..plus];
    }
}
