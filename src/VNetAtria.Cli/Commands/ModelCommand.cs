using System.CommandLine;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria model ...</c>: inspect the network architectures.</summary>
internal static class ModelCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("model", "Inspect the VNet architectures (shapes, parameters, memory).");
        command.Subcommands.Add(ModelSummaryCommand.Create(ctx));
        return command;
    }
}
