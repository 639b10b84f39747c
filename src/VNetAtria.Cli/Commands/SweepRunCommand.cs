using System.CommandLine;
using System.Globalization;
using VNetAtria.Recipes.Sweeps;
using VNetAtria.Training;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria sweep run SWEEP (--task NAME | --array-index N) [--slurm-requeue]</c>: runs one task of a sweep here, with
/// resume semantics. Every executor runs tasks this way (the local executor as child processes, Slurm jobs from their
/// sbatch scripts). SIGTERM (or Ctrl+C) stops training after the current batch with a checkpoint.
/// </summary>
internal static class SweepRunCommand
{
    public static Command Create(CliContext ctx)
    {
        var sweep = new Argument<string>("SWEEP") { Description = "The sweep folder (must be visible on this node)." };
        var task = new Option<string?>("--task") { Description = "The task: locator, report, or a run's name.", HelpName = "NAME" };
        var index = new Option<int?>("--array-index") { Description = "The segmenter run at this index (a Slurm array task's SLURM_ARRAY_TASK_ID).", HelpName = "N" };
        var requeue = new Option<bool>("--slurm-requeue") { Description = "In a Slurm job: when stopped by the time-limit signal with the job still running, requeue the job so it continues from the checkpoint." };
        var command = new Command("run", "Run one task of a sweep here (what every executor's jobs run): skipped when done, resumed from checkpoint-last when unfinished; SIGTERM checkpoints and stops.")
        {
            sweep, task, index, requeue,
        };
        command.SetAction(parse =>
        {
            var plan = SweepPlan.Load(parse.GetValue(sweep)!);
            var which = (parse.GetValue(task), parse.GetValue(index)) switch
            {
                ({ } name, null) => plan.Task(name),
                (null, { } i) => plan.Segmenter(i),
                _ => throw new ArgumentException("Give the task with --task NAME or --array-index N (one of them)."),
            };
            using var cancellation = new ConsoleCancellation { Requested = () => ctx.Warn("stopping after the current batch; checkpoint-last will be saved") };
            void Log(string line)
            {
                ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {line}"));
                ctx.Output.Flush();
            }
            var runner = new SweepTaskRunner(plan)
            {
                Log = Log,
                WriteReport = p => SweepReportCommand.Write(p, []),
            };
            var outcome = runner.Run(which, cancellation.Token);
            switch (outcome.Phase)
            {
                case Recipes.Sweeps.SweepTaskPhase.Done:
                    return CliApp.Ok;
                case Recipes.Sweeps.SweepTaskPhase.Stopped:
                    if (parse.GetValue(requeue) && SlurmExecutor.RequeueIfStillRunning(Log) is { } said) Log(said);
                    ctx.Warn($"{which}: {outcome.Message}");
                    return CliApp.Failure;
                default:
                    // The task's own exception, stack trace kept, so the one-line error and --verbose read as for any verb.
                    if (outcome.Error is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
                    throw new CliFailureException($"{which}: {outcome.Message}");
            }
        });
        return command;
    }
}
