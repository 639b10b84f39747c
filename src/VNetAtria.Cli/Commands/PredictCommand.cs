using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VNetAtria.Pipeline;
using VNetAtria.Pipeline.Prediction;

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
            var outFolder = parse.GetValue(output)!;
            using var job = PredictionJob.Open(runFolder, parse.GetValue(input)!, parse.GetValue(device));
            // A folder shows progress per case; one file has nothing to count.
            var summaries = job.IsFolder ? CliProgress.Run(ctx, p => job.Run(outFolder, p)) : job.Run(outFolder);
            if (parse.GetValue(json)) ctx.SetJson(Json(runFolder, outFolder, summaries));
            else Render(ctx.Console, summaries);
            foreach (var s in summaries)
                foreach (var w in s.Warnings) ctx.Warn($"case {s.CaseId}: {w}");
            ctx.Output.WriteLine($"Wrote {summaries.Count} prediction(s) to {outFolder}");
            return CliApp.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<PredictionCaseSummary> summaries)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Case").AddColumn(new TableColumn("Time ms").RightAligned())
            .AddColumn("Mode").AddColumn("Crop window").AddColumn("Flags").AddColumn(new TableColumn("Foreground").RightAligned()).AddColumn("Output");
        foreach (var s in summaries)
            table.AddRow(Markup.Escape(s.CaseId), s.Milliseconds.ToString("F0", CultureInfo.InvariantCulture), s.Mode.ToString(), Markup.Escape(s.Window.ToString()),
                Markup.Escape(s.Flags.ToString()), s.ForegroundVoxels.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.OutputPath));
        console.Write(table);
    }

    // The window as start and size in canvas voxels (D, H, W), so scripts need not parse "[d0:d1, ...]".
    private static string Json(string runFolder, string outFolder, IReadOnlyList<PredictionCaseSummary> summaries) => CliJson.Serialize(new
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

}
