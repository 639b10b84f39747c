using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VNetAtria.Experiments;
using VNetAtria.Pipeline;
using VNetAtria.Training;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria train --config F [--data DIR] [--layout auto|lasc|split|uamt-h5] [--out RUN]
/// [--stage locator|segmenter|all|evaluation] [--resume] [--device D] [--set key=value ...]</c>.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var config = new Option<string>("--config") { Description = "Experiment config JSON (configs/README.md).", Required = true, HelpName = "F" };
        var data = new Option<string?>("--data") { Description = "Dataset folder (sets data.root and clears data.synthetic).", HelpName = "DIR" };
        var layout = new Option<string?>("--layout") { Description = "Dataset layout (sets data.layout).", HelpName = "auto|lasc|split|uamt-h5" }.AcceptOnlyFromAmong("auto", "lasc", "split", "uamt-h5");
        var output = new Option<string?>("--out") { Description = "Run folder (default runs/<config name>).", HelpName = "RUN" };
        var stage = new Option<string>("--stage")
        {
            Description = "What to run: the locator (and crop plan), the segmenter, all (then predict and evaluate the validation cases), or evaluation (predict and evaluate with the run's saved models only).",
            DefaultValueFactory = _ => "all",
        }.AcceptOnlyFromAmong("locator", "segmenter", "all", "evaluation");
        var resume = new Option<bool>("--resume") { Description = "Continue each trained stage from its checkpoint-last." };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (sets device).", HelpName = "D" };
        var set = new Option<string[]>("--set") { Description = "Config override key=value (repeatable), e.g. --set segmenter.epochs=5.", HelpName = "key=value", AllowMultipleArgumentsPerToken = true };
        var command = new Command("train", "Train the two-stage pipeline of an experiment config (locator, crop plan, segmenter), then predict and evaluate the validation cases.")
        {
            config, data, layout, output, stage, resume, device, set,
        };
        command.SetAction(parse =>
        {
            var overrides = new List<string>();
            if (parse.GetValue(data) is { } d) { overrides.Add("data.synthetic=null"); overrides.Add("data.root=" + Path.GetFullPath(d)); }
            if (parse.GetValue(layout) is { } l) overrides.Add("data.layout=" + l);
            if (parse.GetValue(device) is { } dev) overrides.Add("device=" + dev);
            overrides.AddRange(parse.GetValue(set) ?? []);
            var experiment = ExperimentConfigLoader.Load(parse.GetValue(config)!, overrides);
            var run = parse.GetValue(output) ?? Path.Combine("runs", experiment.Name);
            var stages = parse.GetValue(stage) switch
            {
                "locator" => RunStages.Locator,
                "segmenter" => RunStages.Segmenter,
                "evaluation" => RunStages.Evaluation,
                _ => RunStages.All,
            };
            return Execute(ctx, experiment, run, stages, parse.GetValue(resume));
        });
        return command;
    }

    /// <summary>Runs the experiment with progress display and Ctrl+C handling; prints the results when evaluated.</summary>
    public static int Execute(CliContext ctx, ExperimentConfig experiment, string run, RunStages stages, bool resume)
    {
        using var cancellation = new ConsoleCancellation { Requested = () => ctx.Warn("stopping after the current batch; checkpoint-last will be saved (continue with --resume)") };
        var started = DateTime.UtcNow;
        var result = TrainingDisplay.Run(ctx, (callbacks, progress, log) =>
            ExperimentRunner.Run(experiment, run, stages, resume, log, progress, callbacks, cancellation.Token));
        var elapsed = DateTime.UtcNow - started;
        if (result.Cancelled)
        {
            ctx.Warn($"training stopped on request; resume with `vnet-atria train --config {result.Run.Config} --out {result.Run.Root} --stage {stages.ToString().ToLowerInvariant()} --resume`");
            return CliApp.Failure;
        }
        if (result.Metrics is { } metrics)
        {
            Render(ctx, result);
            ctx.Output.WriteLine();
            ctx.Output.Write(File.ReadAllText(result.Run.Results));
            ctx.Output.WriteLine();
            ctx.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Mean validation Dice {metrics.Average(m => m.Dice):F4} over {metrics.Count} cases; total time {elapsed.TotalSeconds:F0} s; run folder {result.Run.Root}"));
        }
        else ctx.Output.WriteLine($"Done in {elapsed.TotalSeconds:F0} s; run folder {result.Run.Root}");
        return CliApp.Ok;
    }

    private static void Render(CliContext ctx, ExperimentRunResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Case").AddColumn(new TableColumn("Dice").RightAligned())
            .AddColumn(new TableColumn("HD95 mm").RightAligned()).AddColumn(new TableColumn("ASSD mm").RightAligned())
            .AddColumn(new TableColumn("Time ms").RightAligned()).AddColumn("Window").AddColumn("Flags");
        foreach (var m in result.Metrics!)
        {
            var p = result.Predictions.FirstOrDefault(x => x.CaseId == m.CaseId);
            table.AddRow(Markup.Escape(m.CaseId), F(m.Dice, "F4"), F(m.Hausdorff95, "F2"), F(m.Assd, "F2"),
                p is null ? "" : F(p.Milliseconds, "F0"), p is null ? "" : Markup.Escape(p.Window.ToString()), p is null ? "" : Markup.Escape(p.Flags.ToString()));
        }
        ctx.Console.Write(table);
    }

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
