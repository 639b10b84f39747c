using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VNetAtria.Imaging;
using VNetAtria.Metrics;
using VNetAtria.Pipeline;
using VNetAtria.Preprocessing;
using VNetAtria.Results;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// <c>vnet-atria evaluate --pred P --ref R [--json] [--out metrics.csv] [--connectivity 1|3] [--threshold T]
/// [--reference-labels strict|foreground-above-zero] [--spacing D,H,W] [--hd95 pooled|per-direction] [--assd mean|pooled] [--exclude-empty]</c>.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext ctx)
    {
        var pred = new Option<string>("--pred") { Description = "Predictions: a label file, or a folder of label files named by case id.", Required = true, HelpName = "P" };
        var reference = new Option<string>("--ref") { Description = "References: a label file, a folder of label files named by case id, or a dataset root (LASC, split or UA-MT h5 layout) whose labels are " +
            "used.", Required = true, HelpName = "R" };
        var json = CliJson.Option("the tables: the per-case metrics and the summary, as written beside --out");
        var output = new Option<string?>("--out") { Description = "Write the per-case metrics as CSV to this file and, beside it, the same with the summary as JSON (.json).", HelpName = "metrics.csv" };
        var connectivity = new Option<int>("--connectivity") { Description = "Surface = mask XOR erosion with 1: the 6 face neighbours (default, medpy/MONAI), 3: all 26 " +
            "neighbours.", DefaultValueFactory = _ => 1 }.AcceptOnlyFromAmong("1", "3");
        var threshold = new Option<double>("--threshold") { Description = "The prediction's foreground is value > T: 0 accepts labels 0/1 and 0/255; use 0.5 for probability maps.", DefaultValueFactory = _ => 0.0, HelpName = "T" };
        var referenceLabels = new Option<string>("--reference-labels") { Description = "The reference's foreground, as training reads labels (preprocessing.labelMapping): strict (0 background, 1 or 255 foreground, any other value an " +
            "error; default) or foreground-above-zero (every value > 0).", DefaultValueFactory = _ => "strict" }.AcceptOnlyFromAmong("strict", "foreground-above-zero");
        var spacing = new Option<string?>("--spacing") { Description = "Voxel spacing D,H,W in mm to use instead of the files' (for formats that store none, such as the UA-MT .h5 files: 0.625,0.625,0.625). Skips the geometry " +
            "comparison.", HelpName = "D,H,W" };
        var hd95 = new Option<string>("--hd95") { Description = "HD95 convention: pooled (95th percentile of both directions pooled, medpy and the left-atrium literature; default) or per-direction (MONAI: per direction, then the " +
            "larger).", DefaultValueFactory = _ => "pooled" }.AcceptOnlyFromAmong("pooled", "per-direction");
        var assd = new Option<string>("--assd") { Description = "ASSD convention: mean (mean of the two directed means, medpy; default) or pooled (mean of all " +
            "distances).", DefaultValueFactory = _ => "mean" }.AcceptOnlyFromAmong("mean", "pooled");
        var excludeEmpty = new Option<bool>("--exclude-empty") { Description = "Leave cases with an empty prediction or reference out of the summary (they stay in the per-case table, flagged)." };

        var command = new Command("evaluate", "Compare predicted labels with references: Dice, IoU, precision, recall, specificity, Hausdorff, HD95, ASSD and ASD in mm, per case and summarised (mean ± std, median, IQR).")
        {
            pred, reference, json, output, connectivity, threshold, referenceLabels, spacing, hd95, assd, excludeEmpty,
        };
        command.SetAction(parse =>
        {
            var conventions = new SegmentationMetricOptions
            {
                Connectivity = parse.GetValue(connectivity) == 3 ? SurfaceConnectivity.Full : SurfaceConnectivity.Face,
                Hd95 = parse.GetValue(hd95) == "per-direction" ? Hd95Convention.PerDirectionMax : Hd95Convention.Pooled,
                Assd = parse.GetValue(assd) == "pooled" ? AssdConvention.Pooled : AssdConvention.MeanOfDirectedMeans,
            };
            var options = new EvaluationOptions
            {
                Threshold = parse.GetValue(threshold),
                ReferenceLabels = parse.GetValue(referenceLabels) == "foreground-above-zero" ? LabelValueMapping.ForegroundAboveZero : LabelValueMapping.Strict,
                Spacing = parse.GetValue(spacing) is { } s ? Spacing3.Parse(s) : null,
                Metrics = conventions,
            };
            var pairs = EvaluationPairing.Pair(parse.GetValue(pred)!, parse.GetValue(reference)!);
            var results = CliProgress.Run(ctx, p => Evaluator.Evaluate(pairs, options, CliProgress.Counting(p, "Evaluating cases", pairs.Count)));
            var exclude = parse.GetValue(excludeEmpty);
            if (parse.GetValue(output) is { } csv)
            {
                MetricsTables.Write(csv, MetricsTables.ToCsv(results));
                MetricsTables.Write(Path.ChangeExtension(csv, ".json"), MetricsTables.ToJson(results, conventions, exclude));
            }
            if (parse.GetValue(json)) ctx.SetJson(MetricsTables.ToJson(results, conventions, exclude));
            else Render(ctx.Console, results, exclude);
            if (parse.GetValue(output) is { } written) ctx.Console.WriteLine($"Wrote {written} and {Path.ChangeExtension(written, ".json")}");
            foreach (var m in results.Where(m => m.HasEmptyMask))
                ctx.Warn($"case {m.CaseId}: {(m.EmptyPrediction && m.EmptyReference ? "prediction and reference are both empty" : m.EmptyPrediction ? "the prediction is empty" : "the reference is empty")}; distances set to " +
                    $"{(m.EmptyPrediction && m.EmptyReference ? "0" : $"the volume diagonal ({m.WorstCaseDistance:F1} mm)")}.");
            return CliApp.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<CaseMetrics> results, bool excludeEmpty)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Case");
        foreach (var (name, _) in CaseMetrics.Columns) table.AddColumn(new TableColumn(name).RightAligned());
        table.AddColumn("Flags");
        foreach (var m in results)
        {
            var cells = new List<string> { Markup.Escape(m.CaseId) };
            cells.AddRange(CaseMetrics.Columns.Select(c => c.Value(m).ToString("F3", CultureInfo.InvariantCulture)));
            cells.Add(m.EmptyPrediction && m.EmptyReference ? "both empty" : m.EmptyPrediction ? "empty prediction" : m.EmptyReference ? "empty reference" : "");
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        var summary = new Table().Border(TableBorder.Rounded).AddColumn("Metric").AddColumn(new TableColumn("Mean ± std").RightAligned())
            .AddColumn(new TableColumn("Median").RightAligned()).AddColumn(new TableColumn("IQR").RightAligned()).AddColumn(new TableColumn("Cases").RightAligned());
        foreach (var s in MetricSummary.Of(results, excludeEmpty))
            summary.AddRow(Markup.Escape(s.Metric), Markup.Escape(s.MeanPlusMinusStd()), F(s.Median), F(s.InterquartileRange), s.Count.ToString(CultureInfo.InvariantCulture));
        console.Write(summary);
    }

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
