using System.CommandLine;
using VNetAtria.Plotting.Reports;
using VNetAtria.Recipes.Sweeps;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria sweep report SWEEP [--add RUN...] [--no-original] [--html FILE]</c>: the results table of every finished
/// run (results.md, results.csv) and the HTML report (report.html) in the sweep folder.
/// </summary>
internal static class SweepReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var sweep = new Argument<string>("SWEEP") { Description = "A planned sweep folder." };
        var add = new Option<string[]>("--add") { Description = "More finished run folders for the table, e.g. a model imported from the original's PyTorch checkpoints " +
            "(repeatable).", HelpName = "RUN", AllowMultipleArgumentsPerToken = true };
        var noOriginal = new Option<bool>("--no-original") { Description = "Leave out the original project's published rows." };
        var html = new Option<string?>("--html") { Description = "Where to write the HTML report (default <sweep>/report.html).", HelpName = "FILE" };
        var command = new Command("report", "The results table of a sweep's finished runs in the original's format, beside the original's published rows (results.md, results.csv), and the HTML report (report.html).")
        {
            sweep, add, noOriginal, html,
        };
        command.SetAction(parse =>
        {
            var plan = SweepPlan.Load(parse.GetValue(sweep)!);
            var report = Write(plan, parse.GetValue(add) ?? [], !parse.GetValue(noOriginal), parse.GetValue(html));
            ctx.Output.Write(report.Table.ToMarkdown());
            if (report.Unfinished.Count > 0) ctx.Warn($"not finished, so not in the table: {string.Join(", ", report.Unfinished)}");
            ctx.Error.WriteLine($"Wrote {report.MarkdownPath}, {report.CsvPath} and {parse.GetValue(html) ?? Path.Combine(plan.Folder, SweepReport.HtmlFileName)}");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The report step (also the report task of <c>sweep run</c>): the tables, then the HTML report of the same runs.</summary>
    internal static SweepReportResult Write(SweepPlan plan, IEnumerable<string> extraRuns, bool includeOriginal = true, string? html = null)
    {
        var report = SweepReport.Write(plan, extraRuns, includeOriginal);
        HtmlReport.Write(html ?? Path.Combine(plan.Folder, SweepReport.HtmlFileName), HtmlReport.LoadRuns(report.RunFolders),
            new HtmlReportOptions { Title = $"Sweep {plan.Name}", IncludeOriginal = includeOriginal });
        return report;
    }
}
