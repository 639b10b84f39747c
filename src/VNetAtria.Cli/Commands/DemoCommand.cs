using System.CommandLine;
using System.Globalization;
using VNetAtria.Pipeline;
using VNetAtria.Recipes;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria demo [--out DIR] [--cases N] [--seed S] [--device D] [--set key=value ...]</c>: the whole pipeline on a small
/// synthetic cohort: generate the phantoms, train the locator and the segmenter (<see cref="DemoConfig"/>), predict
/// and evaluate the validation cases and print the results table, all under ./runs/demo-&lt;timestamp&gt;/.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string?>("--out")
        {
            Description = "Run folder (default ./runs/demo-<yyyyMMdd-HHmmss>); the cohort goes to <out>/data.",
            HelpName = "DIR",
        };
        var cases = new Option<int?>("--cases") { Description = "Number of synthetic cases (at least 4; default the demo's).", HelpName = "N" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the cohort (default 0).", HelpName = "S" };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (default auto: CUDA when the CUDA backend and a GPU are there, else the CPU).", HelpName = "D" };
        var set = new Option<string[]>("--set") { Description = "Override a field of the demo config, e.g. --set segmenter.epochs=4 (repeatable).", HelpName = "key=value", AllowMultipleArgumentsPerToken = true };
        var command = new Command("demo", "Generate a small synthetic cohort, train the locator and the segmenter on a CPU, predict and evaluate the validation cases, print the results table.")
        {
            output, cases, seed, device, set,
        };
        command.SetAction(parse =>
        {
            var run = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine("runs", "demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            var overrides = new List<string>();
            if (parse.GetValue(cases) is { } n)
            {
                if (n < 4) throw new ArgumentException($"--cases must be at least 4 (training and validation both need cases), found {n}.");
                overrides.Add($"data.synthetic.cases={n}");
            }
            if (parse.GetValue(seed) is { } s) overrides.Add($"data.synthetic.seed={s}");
            if (parse.GetValue(device) is { } d) overrides.Add($"device={d}");
            overrides.AddRange(parse.GetValue(set) ?? []);
            var config = DemoConfig.Load(overrides) with { Name = Path.GetFileName(run) };
            ctx.Output.WriteLine($"demo: {config.Data.Synthetic!.Cases} synthetic phantoms, locator {config.Locator.Epochs} epochs + segmenter {config.Segmenter.Epochs} epochs on {config.Device}; run folder {run}");
            return TrainCommand.Execute(ctx, config, run, RunStages.All, resume: false);
        });
        return command;
    }
}
