using System.CommandLine;
using System.Text.Json.Nodes;
using VNetAtria.Recipes.Sweeps;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria sweep plan (SOURCE... | --base F --grid G | --recipe ablations) [--out SWEEP] [--json] ...</c>: writes the
/// sweep folder (sweep.json, configs/) and prints the task graph.
/// </summary>
internal static class SweepPlanCommand
{
    public static Command Create(CliContext ctx)
    {
        var definition = new SweepDefinitionOptions();
        var json = CliJson.Option("the task graph in words");
        var command = new Command("plan", "Write a sweep folder (sweep.json and every run's config) and print its task graph: the shared locator, the segmenter runs after it, the report after them.");
        definition.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var plan = SweepPlan.Write(definition.Build(parse), CliApp.ToolName, definition.CliCommand(parse));
            if (parse.GetValue(json)) ctx.SetJson(GraphJson(plan).ToJsonString(CliJson.Options));
            else
            {
                WriteGraph(ctx.Output, plan);
                ctx.Output.WriteLine($"Run it: vnet-atria sweep submit {plan.Folder} [--executor local|slurm] (see docs/sweeps.md)");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The task graph in words: what each task does and what it waits for.</summary>
    public static void WriteGraph(TextWriter output, SweepPlan plan)
    {
        output.WriteLine($"Sweep '{plan.Name}' in {plan.Folder}: {plan.Segmenters.Count} segmenter run(s)");
        var configs = Path.Combine(plan.Folder, Recipes.SweepNames.ConfigsFolder);
        var width = plan.Segmenters.Select(s => $"[{s.Index}] {s.Name}".Length).Append("locator".Length).Max() + 2;
        if (plan.Locator is { } locator)
            output.WriteLine("  " + "locator".PadRight(width) + (plan.TrainsLocator
                ? $"trains the shared locator and plans the crops in {locator.RunFolder} (configs/locator.json)"
                : $"reuses the trained locator in {locator.RunFolder}"));
        else output.WriteLine("  (no locator: the runs see whole volumes)");
        foreach (var s in plan.Segmenters)
            output.WriteLine($"  {$"[{s.Index}] {s.Name}".PadRight(width)}{(plan.Locator is null ? "" : "after the locator: ")}segmenter, prediction, evaluation in {s.RunFolder}");
        output.WriteLine($"  {"report".PadRight(width)}after every run, however it ended: {Recipes.Sweeps.SweepReport.MarkdownFileName}, {Recipes.Sweeps.SweepReport.CsvFileName}, {Recipes.Sweeps.SweepReport.HtmlFileName}");
        output.WriteLine($"Configs in {configs}; vnet-atria for the tasks: {string.Join(' ', plan.Cli ?? ["(none recorded)"])}");
    }

    /// <summary>The task graph as JSON.</summary>
    public static JsonObject GraphJson(SweepPlan plan) => new()
    {
        ["name"] = plan.Name,
        ["folder"] = plan.Folder,
        ["cli"] = plan.Cli is null ? null : new JsonArray([.. plan.Cli.Select(c => (JsonNode?)JsonValue.Create(c))]),
        ["tasks"] = new JsonArray([.. plan.Tasks.Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["kind"] = t.Kind.ToString().ToLowerInvariant(),
            ["index"] = t.Kind == SweepTaskKind.Segmenter ? t.Index : null,
            ["runFolder"] = t.RunFolder,
            ["config"] = plan.ConfigFile(t),
            ["trains"] = t.Kind == SweepTaskKind.Locator ? plan.TrainsLocator : null,
            ["after"] = t.Kind switch
            {
                SweepTaskKind.Segmenter when plan.Locator is not null => "locator (succeeded)",
                SweepTaskKind.Report => "every segmenter (however it ended)",
                _ => null,
            },
        })]),
    };
}
