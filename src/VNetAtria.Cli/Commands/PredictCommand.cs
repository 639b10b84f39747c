using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VNetAtria.Data;
using VNetAtria.Pipeline;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Runtime;
using VNetAtria.Results;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria predict --run RUN --input FILE_OR_DIR --out DIR [--device D] [--json]</c>.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext ctx)
    {
        var run = new Option<string>("--run") { Description = "A trained run folder (config.json, checkpoints, crop-plan.json, normalisation.json).", Required = true, HelpName = "RUN" };
        var input = new Option<string>("--input") { Description = "An image file (.nrrd, .nii[.gz], .h5) or a folder of cases.", Required = true, HelpName = "FILE_OR_DIR" };
        var output = new Option<string>("--out") { Description = "Output folder: <case>.nrrd (or the input's NIfTI format) with the input's geometry.", Required = true, HelpName = "DIR" };
        var device = new Option<string?>("--device") { Description = "auto, cpu, cuda or cuda:N (default: the run's device).", HelpName = "D" };
        var json = CliJson.Option("the table: one entry per case (input, output, time, mode, window, flags, foreground voxels, warnings)");
        var command = new Command("predict", "Segment images with a trained run: locate, crop, segment, paste back to the input's geometry.")
        {
            run, input, output, device, json,
        };
        command.SetAction(parse =>
        {
            var runFolder = parse.GetValue(run)!;
            var source = parse.GetValue(input)!;
            var outFolder = parse.GetValue(output)!;
            if (!File.Exists(source) && !Directory.Exists(source))
                throw new FileNotFoundException($"Input {source} does not exist; give an image file or a folder of cases.");
            TorchRuntime.EnsureAvailable();
            var configPath = Path.Combine(runFolder, RunFolder.ConfigFileName);
            RunFolder.Require(configPath, $"vnet-atria train --config <config> --out {runFolder}");
            var config = Experiments.ExperimentConfigLoader.Load(configPath);
            var dev = TorchRuntime.ResolveDevice(parse.GetValue(device) ?? config.Device);
            using var predictor = RunPredictor.Load(runFolder, dev, config);
            Directory.CreateDirectory(outFolder);
            List<PredictionCaseSummary> summaries;
            if (File.Exists(source))
            {
                var id = PredictionInputs.Find(Path.GetDirectoryName(Path.GetFullPath(source))!).FirstOrDefault(i => Path.GetFullPath(i.Path) == Path.GetFullPath(source))?.CaseId
                         ?? CaseIdOf(source);
                var outPath = PredictionInputs.OutputPath(outFolder, new PredictionInput(id, source));
                var r = predictor.Predictor.PredictFile(source, outPath, id);
                summaries = [new PredictionCaseSummary(id, source, outPath, r.TotalMilliseconds, r.Mode, r.Window, r.Flags, r.ForegroundVoxels, r.Warnings)];
            }
            else
            {
                var count = PredictionInputs.Find(source).Count;
                summaries = CliProgress.Run(ctx, p =>
                {
                    var done = 0;
                    return predictor.Predictor.PredictFolder(source, outFolder, new Sink(s => p.Report(new WorkProgress("predicting", ++done, count, s.CaseId)))).ToList();
                });
            }
            if (parse.GetValue(json)) ctx.SetJson(Json(runFolder, outFolder, summaries));
            else Render(ctx.Console, summaries);
            foreach (var s in summaries)
                foreach (var w in s.Warnings) ctx.Warn($"case {s.CaseId}: {w}");
            ctx.Output.WriteLine($"Wrote {summaries.Count} prediction(s) to {outFolder}");
            return CliApp.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, List<PredictionCaseSummary> summaries)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Case").AddColumn(new TableColumn("Time ms").RightAligned())
            .AddColumn("Mode").AddColumn("Crop window").AddColumn("Flags").AddColumn(new TableColumn("Foreground").RightAligned()).AddColumn("Output");
        foreach (var s in summaries)
            table.AddRow(Markup.Escape(s.CaseId), s.Milliseconds.ToString("F0", CultureInfo.InvariantCulture), s.Mode.ToString(), Markup.Escape(s.Window.ToString()),
                Markup.Escape(s.Flags.ToString()), s.ForegroundVoxels.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.OutputPath));
        console.Write(table);
    }

    // The window as start and size in canvas voxels (D, H, W), so scripts need not parse "[d0:d1, ...]".
    private static string Json(string runFolder, string outFolder, List<PredictionCaseSummary> summaries) => CliJson.Serialize(new
    {
        run = Path.GetFullPath(runFolder),
        output = Path.GetFullPath(outFolder),
        cases = summaries.Select(s => new
        {
            @case = s.CaseId,
            input = Path.GetFullPath(s.InputPath),
            output = Path.GetFullPath(s.OutputPath),
            milliseconds = s.Milliseconds,
            mode = s.Mode,
            window = new { start = new[] { s.Window.Start.D, s.Window.Start.H, s.Window.Start.W }, size = new[] { s.Window.Size.Depth, s.Window.Size.Height, s.Window.Size.Width } },
            flags = s.Flags.ToString(),
            foregroundVoxels = s.ForegroundVoxels,
            warnings = s.Warnings,
        }),
    });

    private static string CaseIdOf(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var ext in new[] { ".nii.gz", ".nii", ".nrrd", ".h5" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }

    private sealed class Sink(Action<PredictionCaseSummary> report) : IProgress<PredictionCaseSummary>
    {
        public void Report(PredictionCaseSummary value) => report(value);
    }
}
