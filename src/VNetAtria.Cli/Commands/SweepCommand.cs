using System.CommandLine;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria sweep plan|submit|status|report|run</c>: ablation sweeps (one shared locator, N segmenter runs, a
/// report) run locally or on Slurm with job arrays (docs/sweeps.md).
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliContext ctx) =>
        new("sweep", "Ablation sweeps: one shared locator stage, N segmenter runs that reuse it (each an ordinary run folder) and a report; " +
                     "run locally (default) or on Slurm as job arrays. See docs/sweeps.md.")
        {
            SweepPlanCommand.Create(ctx),
            SweepSubmitCommand.Create(ctx),
            SweepStatusCommand.Create(ctx),
            SweepReportCommand.Create(ctx),
            SweepRunCommand.Create(ctx),
        };
}
