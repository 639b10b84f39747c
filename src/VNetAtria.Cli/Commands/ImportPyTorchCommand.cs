using System.CommandLine;
using VNetAtria.Experiments;
using VNetAtria.Pipeline;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria import-pytorch --segmenter FILE [--locator FILE] --config F --out RUN [--data DIR] [--set k=v ...]
/// [--no-evaluate]</c>: a run folder from the original's PyTorch checkpoints, evaluated like ours.
/// </summary>
internal static class ImportPyTorchCommand
{
    public static Command Create(CliContext ctx)
    {
        var segmenter = new Option<string>("--segmenter") { Description = "The original's segmenter checkpoint (torch.save of its dict: model_state, mean, std, epoch).", Required = true, HelpName = "FILE" };
        var locator = new Option<string?>("--locator") { Description = "The original's locator checkpoint (needed when the config has a locator and no locator.pretrained).", HelpName = "FILE" };
        var config = new Option<string>("--config") { Description = "The config that built the models (e.g. configs/original/05-attention-dil4-dice.json): model options, preprocessing, data.", Required = true, HelpName = "F" };
        var output = new Option<string>("--out") { Description = "The run folder to write.", Required = true, HelpName = "RUN" };
        var data = new Option<string?>("--data") { Description = "Dataset folder (sets data.root and clears data.synthetic).", HelpName = "DIR" };
        var layout = new Option<string?>("--layout") { Description = "Dataset layout (sets data.layout).", HelpName = "auto|lasc|split|uamt-h5" }.AcceptOnlyFromAmong("auto", "lasc", "split", "uamt-h5");
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (sets device).", HelpName = "D" };
        var set = new Option<string[]>("--set") { Description = "Config override key=value (repeatable), e.g. --set name=pytorch-05.", HelpName = "key=value", AllowMultipleArgumentsPerToken = true };
        var noEvaluate = new Option<bool>("--no-evaluate") { Description = "Only write the run folder; plan the crops and evaluate later with `vnet-atria train --stage evaluation`." };
        var command = new Command("import-pytorch", "Turn models trained by the original PyTorch code (its checkpoint dicts) into a run folder, then plan the crops and evaluate the validation cases as for our runs, so predict, report " +
            "and sweep tables put them beside ours.")
        {
            segmenter, locator, config, output, data, layout, device, set, noEvaluate,
        };
        command.SetAction(parse =>
        {
            var overrides = new List<string>();
            if (parse.GetValue(data) is { } d) { overrides.Add("data.synthetic=null"); overrides.Add("data.root=" + Path.GetFullPath(d)); }
            if (parse.GetValue(layout) is { } l) overrides.Add("data.layout=" + l);
            if (parse.GetValue(device) is { } dev) overrides.Add("device=" + dev);
            overrides.AddRange(parse.GetValue(set) ?? []);
            var experiment = ExperimentConfigLoader.Load(parse.GetValue(config)!, overrides);
            var run = parse.GetValue(output)!;
            var imported = PyTorchRunImport.Import(experiment, run, parse.GetValue(segmenter)!, parse.GetValue(locator), line => ctx.Output.WriteLine(line));
            if (parse.GetValue(noEvaluate))
            {
                ctx.Output.WriteLine($"Imported into {imported.Run.Root}; evaluate with `vnet-atria train --config {imported.Run.Config} --out {imported.Run.Root} --stage evaluation`.");
                return CliApp.Ok;
            }
            return TrainCommand.Execute(ctx, imported.Config, imported.Run.Root, RunStages.Evaluation, resume: false);
        });
        return command;
    }
}
