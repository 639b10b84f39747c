using System.CommandLine;
using VNetAtria.Recipes.Sweeps;
using VNetAtria.Training;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria sweep submit (SWEEP | SOURCE... | --base F --grid G | --recipe ablations) [--executor local|slurm]
/// [--parallel N] [--dry-run] [Slurm resources]</c>: plans the sweep when given a definition, then runs its task graph
/// here (local) or submits it as sbatch jobs (slurm). Finished runs are skipped; unfinished ones resume.
/// </summary>
internal static class SweepSubmitCommand
{
    public static Command Create(CliContext ctx)
    {
        var definition = new SweepDefinitionOptions();
        var executor = new Option<string>("--executor") { Description = "local: run the tasks here (the command waits for them); slurm: submit sbatch jobs and " +
            "return.", DefaultValueFactory = _ => "local" }.AcceptOnlyFromAmong("local", "slurm");
        var parallel = new Option<int>("--parallel") { Description = "Local: segmenter runs at a time (each with its config's threads).", DefaultValueFactory = _ => 1, HelpName = "N" }.AtLeast(1);
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would run (slurm: the exact sbatch scripts and commands) without running or submitting anything." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition of every job.", HelpName = "NAME" };
        var account = new Option<string?>("--account") { Description = "Slurm account of every job.", HelpName = "NAME" };
        var time = new Option<string?>("--time") { Description = "Slurm time limit of each job, e.g. 24:00:00 or 2-00:00:00.", HelpName = "TIME" };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "CPUs of each training task (also its torch threads unless a config sets threads).", HelpName = "N" };
        var mem = new Option<string?>("--mem") { Description = "Memory of each training task, e.g. 32G.", HelpName = "SIZE" };
        var gres = new Option<string?>("--gres") { Description = "Generic resources of each training task, e.g. gpu:1.", HelpName = "SPEC" };
        var throttle = new Option<int?>("--throttle") { Description = "At most N segmenter runs at once (the job array's %N).", HelpName = "N" };
        var signal = new Option<int?>("--signal-seconds") { Description = "Seconds before the time limit at which a task checkpoints and requeues itself (default 300).", HelpName = "S" };
        var sbatch = new Option<string[]>("--sbatch") { Description = "An extra #SBATCH line for every job, e.g. --sbatch=--qos=long (repeatable).", HelpName = "OPTION", AllowMultipleArgumentsPerToken = false };
        var command = new Command("submit", "Run a sweep's task graph here (--executor local, the default) or submit it to Slurm (--executor slurm: a locator job, a job array of the runs after it, a report job after them). Finished " +
            "runs are skipped, unfinished ones resume.");
        definition.AddTo(command);
        foreach (var o in new Option[] { executor, parallel, dryRun, partition, account, time, cpus, mem, gres, throttle, signal, sbatch }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var cli = definition.CliCommand(parse);
            var dry = parse.GetValue(dryRun);
            SweepPlan plan;
            if (definition.NamesPlannedSweep(parse))
            {
                plan = SweepPlan.Load(parse.GetValue(definition.Sources)![0]);
                // The recorded vnet-atria unless --cli names another (or none is recorded).
                if (parse.GetValue(definition.Cli) is null && plan.Cli is { } recorded) cli = recorded;
                else if (!dry) plan = plan.WithCli(cli);
            }
            else
            {
                // A dry run writes nothing: it shows the plan the definition would write.
                var sweep = definition.Build(parse);
                plan = dry ? SweepPlan.Preview(sweep, CliApp.ToolName, cli) : SweepPlan.Write(sweep, CliApp.ToolName, cli);
            }

            if (parse.GetValue(executor) == "slurm")
            {
                var options = SlurmOptionsOf(parse, SlurmSubmission.TryRead(plan)?.Options, partition, account, time, cpus, mem, gres, throttle, signal, sbatch);
                if (dry) return PrintSlurmDryRun(ctx, plan, options, cli);
                WarnIfLocal(ctx, plan.Folder);
                var submission = SlurmExecutor.Submit(plan, options, cli, line => ctx.Output.WriteLine(line));
                ctx.Output.WriteLine($"Submitted sweep '{plan.Name}': follow it with `vnet-atria sweep status {plan.Folder}`; logs in {Path.Combine(plan.Folder, Recipes.SweepNames.LogsFolder)}; " +
                                     $"the report job ({submission.ReportJob}) writes {Path.Combine(plan.Folder, SweepReport.MarkdownFileName)}.");
                return CliApp.Ok;
            }

            var local = new LocalSweepExecutor(plan, cli, parse.GetValue(parallel)) { Log = line => ctx.Output.WriteLine(line) };
            if (dry)
            {
                foreach (var (task, args) in local.Commands()) ctx.Output.WriteLine($"{task}: {string.Join(' ', args.Select(SbatchScripts.Quote))}");
                return CliApp.Ok;
            }
            using var cancellation = new ConsoleCancellation { Requested = () => ctx.Warn("stopping: the running tasks save checkpoint-last and stop; submit the sweep again to resume them") };
            var results = local.Run(cancellation.Token);
            ctx.Output.WriteLine();
            foreach (var r in results)
                ctx.Output.WriteLine($"  {r.Task.ToString().PadRight(36)} {(r.ExitCode is { } code ? code == 0 ? "done" : $"exit {code}" : r.Note)}");
            var failed = results.Where(r => r.ExitCode is { } c && c != 0).ToList();
            if (failed.Count > 0)
                throw new CliFailureException($"{failed.Count} task(s) did not finish ({string.Join(", ", failed.Select(f => f.Task.Name))}); `vnet-atria sweep status {plan.Folder}` shows why. Submitting again resumes them.");
            if (File.Exists(Path.Combine(plan.Folder, SweepReport.MarkdownFileName)))
            {
                ctx.Output.WriteLine();
                ctx.Output.Write(File.ReadAllText(Path.Combine(plan.Folder, SweepReport.MarkdownFileName)));
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static int PrintSlurmDryRun(CliContext ctx, SweepPlan plan, SlurmOptions options, IReadOnlyList<string> cli)
    {
        var (scripts, done) = SlurmExecutor.Scripts(plan, options, cli);
        foreach (var task in done) ctx.Output.WriteLine($"# {task}: already done; not submitted");
        foreach (var script in scripts)
        {
            var dependency = script.Dependency switch
            {
                SbatchDependency.AfterLocatorOk => "<locator job>",
                SbatchDependency.AfterSegmentersAny => "<segmenters job>",
                _ => null,
            };
            ctx.Output.WriteLine($"# ---- {script.Path}, submitted with: {string.Join(' ', script.SubmitCommand(dependency))}");
            ctx.Output.Write(script.Text);
            ctx.Output.WriteLine();
        }
        return CliApp.Ok;
    }

    private static SlurmOptions SlurmOptionsOf(ParseResult parse, SlurmOptions? previous, Option<string?> partition, Option<string?> account, Option<string?> time,
        Option<int?> cpus, Option<string?> mem, Option<string?> gres, Option<int?> throttle, Option<int?> signal, Option<string[]> sbatch)
    {
        // Each option given replaces the last submission's; the others keep it, so a resubmission runs like the first.
        var o = previous ?? new SlurmOptions();
        o = o with
        {
            Partition = parse.GetValue(partition) ?? o.Partition,
            Account = parse.GetValue(account) ?? o.Account,
            Time = parse.GetValue(time) ?? o.Time,
            CpusPerTask = parse.GetValue(cpus) ?? o.CpusPerTask,
            Memory = parse.GetValue(mem) ?? o.Memory,
            Gres = parse.GetValue(gres) ?? o.Gres,
            Throttle = parse.GetValue(throttle) ?? o.Throttle,
            SignalSeconds = parse.GetValue(signal) ?? o.SignalSeconds,
            ExtraLines = parse.GetValue(sbatch) is { Length: > 0 } lines ? lines : o.ExtraLines,
        };
        if (o.Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems) + ".");
        return o;
    }

    /// <summary>A warning when the sweep folder is on a node-local filesystem (/tmp, tmpfs): other nodes would not see it.</summary>
    private static void WarnIfLocal(CliContext ctx, string folder)
    {
        var full = Path.GetFullPath(folder);
        if (full.StartsWith("/tmp/", StringComparison.Ordinal) || full.StartsWith("/var/tmp/", StringComparison.Ordinal) || full.StartsWith("/dev/shm/", StringComparison.Ordinal))
            ctx.Warn($"the sweep folder {full} is on a node-local filesystem; on a cluster with more than one node the tasks will not find it (docs/sweeps.md).");
    }
}
