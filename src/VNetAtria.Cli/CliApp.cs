using System.CommandLine;
using System.Reflection;
using Spectre.Console;
using VNetAtria.Cli.Commands;

namespace VNetAtria.Cli;

/// <summary>
/// Builds and runs the vnet-atria command line. Exit codes: 0 ok, 1 failure, 2 bad usage.
/// Errors are one line on standard error ("vnet-atria: error: ..."); --verbose adds the exception's details.
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
        return Run(args, new CliContext(console, Console.Out, Console.Error, interactive));
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
        try
        {
            return parse.Invoke(invocation);
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
