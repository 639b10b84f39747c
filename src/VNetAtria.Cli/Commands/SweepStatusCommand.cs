using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using VNetAtria.Recipes.Sweeps;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria sweep status SWEEP [--json]</c>: per task queued, running (epoch, best validation Dice), done, stopped
/// or failed (with the last lines of its log), from the run folders and, for a Slurm submission, from scontrol.
/// </summary>
internal static class SweepStatusCommand
{
    public static Command Create(CliContext ctx)
    {
        var sweep = new Argument<string>("SWEEP") { Description = "A planned sweep folder." };
        var json = CliJson.Option("the status table");
        var command = new Command("status", "Each task of a sweep: queued, running (epoch, best validation Dice), done, stopped or failed with the last lines of its log; from the run folders and, on Slurm, from the scheduler.")
        {
            sweep, json,
        };
        command.SetAction(parse =>
        {
            var plan = SweepPlan.Load(parse.GetValue(sweep)!);
            var (scheduler, note) = SchedulerView(plan);
            var statuses = SweepStatus.Read(plan, scheduler);
            if (parse.GetValue(json))
            {
                ctx.SetJson(Json(plan, statuses, note).ToJsonString(CliJson.Options));
                return CliApp.Ok;
            }
            ctx.Output.WriteLine($"Sweep '{plan.Name}' in {plan.Folder}{(note is null ? "" : $" ({note})")}");
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Task").AddColumn("State").AddColumn("Detail");
            foreach (var s in statuses)
                table.AddRow(Markup.Escape(s.Task.ToString()), Colour(s.Condition), Markup.Escape(s.Detail));
            ctx.Console.Write(table);
            foreach (var s in statuses.Where(s => s.LastLines.Count > 0))
            {
                ctx.Output.WriteLine($"--- {s.Task}: last lines of {plan.LogFile(s.Task)}");
                foreach (var line in s.LastLines) ctx.Output.WriteLine("  " + line);
            }
            var counts = statuses.GroupBy(s => s.Condition).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            ctx.Output.WriteLine(string.Join(", ", counts));
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Slurm's view of the sweep's last submission, or none (with why) when it was not submitted there or Slurm cannot be asked.</summary>
    internal static (IReadOnlyDictionary<string, SchedulerJobState>? Jobs, string? Note) SchedulerView(SweepPlan plan)
    {
        var submission = SlurmSubmission.TryRead(plan);
        if (submission is null) return (null, null);
        try
        {
            return (SlurmQueue.Jobs(plan), $"Slurm submission of {submission.Submitted}");
        }
        catch (IOException e)
        {
            return (null, $"Slurm could not be asked ({e.Message.ReplaceLineEndings(" ")}); showing the run folders only");
        }
    }

    private static string Colour(SweepTaskCondition c) => c switch
    {
        SweepTaskCondition.Done => "[green]done[/]",
        SweepTaskCondition.Running => "[blue]running[/]",
        SweepTaskCondition.Failed => "[red]failed[/]",
        SweepTaskCondition.Stopped => "[yellow]stopped[/]",
        _ => "queued",
    };

    private static JsonObject Json(SweepPlan plan, IReadOnlyList<SweepTaskStatus> statuses, string? note) => new()
    {
        ["sweep"] = plan.Folder,
        ["scheduler"] = note,
        ["tasks"] = new JsonArray([.. statuses.Select(s => (JsonNode?)new JsonObject
        {
            ["name"] = s.Task.Name,
            ["kind"] = s.Task.Kind.ToString().ToLowerInvariant(),
            ["state"] = s.Condition.ToString().ToLowerInvariant(),
            ["detail"] = s.Detail,
            ["epoch"] = s.Epoch,
            ["epochs"] = s.Epochs,
            ["bestDice"] = s.BestDice,
            ["job"] = s.Scheduler?.JobId ?? s.State?.SlurmJob,
            ["schedulerState"] = s.Scheduler?.State,
            ["attempt"] = s.State?.Attempt,
            ["log"] = plan.LogFile(s.Task),
            ["lastLines"] = new JsonArray([.. s.LastLines.Select(l => (JsonNode?)JsonValue.Create(l))]),
        })]),
    };
}
