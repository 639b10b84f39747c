using System.CommandLine;
using VNetAtria.Plotting.Reports;
using VNetAtria.Results;

namespace VNetAtria.Cli.Commands;

/// <summary><c>vnet-atria report RUN... [--csv FILE] [--md FILE] [--html FILE [--title TEXT]] [--no-original] [--json]</c>.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var runs = new Argument<string[]>("RUN") { Description = "Finished run folders (config.json, run-summary.json, metrics.csv).", Arity = ArgumentArity.OneOrMore };
        var csv = new Option<string?>("--csv") { Description = "Also write the table as CSV.", HelpName = "FILE" };
        var md = new Option<string?>("--md") { Description = "Also write the table as Markdown.", HelpName = "FILE" };
        var html = new Option<string?>("--html")
        {
            Description = "Also write a self-contained HTML report (one file, plotly.js inlined): the table, per-case metrics, training curves and metric distributions.",
            HelpName = "FILE",
        };
        var title = new Option<string?>("--title") { Description = "The HTML report's title (default: \"VNetAtria report\").", HelpName = "TEXT" };
        var noOriginal = new Option<bool>("--no-original") { Description = "Leave out the original project's published rows." };
        var json = CliJson.Option("the Markdown table: one entry per row, with every mean and std unrounded");
        var command = new Command("report", "The results table of finished runs (the original README's columns), with the original's rows for comparison.")
        {
            runs, csv, md, html, title, noOriginal, json,
        };
        command.SetAction(parse =>
        {
            var results = parse.GetValue(runs)!.Select(r =>
            {
                if (!Directory.Exists(r)) throw new DirectoryNotFoundException($"Run folder {r} does not exist; train it with `vnet-atria train --config <config> --out {r}`.");
                foreach (var f in new[] { RunFolder.ConfigFileName, RunFolder.SummaryFileName, RunFolder.MetricsFileName })
                    Results.RunFolder.Require(Path.Combine(r, f), $"vnet-atria train --config {Path.Combine(r, RunFolder.ConfigFileName)} --out {r} --stage all");
                return RunResult.Load(r);
            }).ToList();
            var table = parse.GetValue(noOriginal) ? ResultsTable.From(results) : ResultsTable.Comparison(results);
            if (parse.GetValue(json)) ctx.SetJson(Json(table));
            else ctx.Output.Write(table.ToMarkdown());
            if (parse.GetValue(csv) is { } c) { table.WriteCsv(c); ctx.Error.WriteLine($"Wrote {c}"); }
            if (parse.GetValue(md) is { } m) { table.WriteMarkdown(m); ctx.Error.WriteLine($"Wrote {m}"); }
            if (parse.GetValue(html) is { } h)
            {
                var options = new HtmlReportOptions { IncludeOriginal = !parse.GetValue(noOriginal) };
                if (parse.GetValue(title) is { } t) options = options with { Title = t };
                HtmlReport.Write(h, HtmlReport.LoadRuns(parse.GetValue(runs)!), options);
                ctx.Error.WriteLine($"Wrote {h}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static string Json(ResultsTable table) => CliJson.Serialize(new
    {
        rows = table.Rows.Select(r => new
        {
            run = r.Run,
            architecture = r.Architecture,
            parameters = r.Parameters,
            trainingSeconds = r.TrainingTime?.TotalSeconds,
            loss = r.Loss,
            batchSize = r.BatchSize,
            learningRate = r.LearningRate,
            cases = r.Cases,
            hausdorffMm = r.Hausdorff,
            hd95Mm = r.Hausdorff95,
            assdMm = r.Assd,
            iou = r.IoU,
            precision = r.Precision,
            recall = r.Recall,
            dice = r.Dice,
        }),
    });
}
