using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using VNetAtria.Metrics;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Results;

/// <summary>
/// The results table in the original README's format, built from finished runs: Markdown (a GitHub table like the
/// README's), CSV (one column per number, for reading back) and a Microsoft.Data.Analysis DataFrame (for notebooks).
/// Metrics are "mean ± std" over the validation cases: overlap metrics with 3 decimals as the original, distances
/// (mm) with 2.
/// </summary>
public sealed class ResultsTable
{
    /// <summary>Decimals of Dice, IoU, precision and recall (the original's 3).</summary>
    public const int OverlapDecimals = 3;

    /// <summary>Decimals of distances in mm (the original printed 2 or 3; we use 2).</summary>
    public const int DistanceDecimals = 2;

    /// <summary>The Markdown column headers, in order.</summary>
    public static IReadOnlyList<string> MarkdownHeaders { get; } =
        ["Run", "Architecture", "Params", "Training time", "Loss", "Batch", "LR", "HD (mm)", "HD95 (mm)", "ASSD (mm)", "IoU", "Precision", "Recall", "Dice", "Cases"];

    /// <summary>The CSV header and DataFrame column names, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "run", "architecture", "parameters", "training_seconds", "loss", "batch", "lr", "cases",
        "hd_mean", "hd_std", "hd95_mean", "hd95_std", "assd_mean", "assd_std",
        "iou_mean", "iou_std", "precision_mean", "precision_std", "recall_mean", "recall_std", "dice_mean", "dice_std",
    ];

    /// <summary>A table of the given rows.</summary>
    public ResultsTable(IEnumerable<ResultsRow> rows) => Rows = rows.ToList();

    /// <summary>The rows, in order.</summary>
    public IReadOnlyList<ResultsRow> Rows { get; }

    /// <summary>One row per run.</summary>
    /// <param name="runs">The runs.</param>
    /// <param name="excludeEmpty">Leave out cases with an empty prediction or reference (their count shows in Cases).</param>
    public static ResultsTable From(IEnumerable<RunResult> runs, bool excludeEmpty = false) => new(runs.Select(r => RowOf(r, excludeEmpty)));

    /// <summary>Each run followed by the original's published row it repeats (when one matches): "ours vs original".</summary>
    public static ResultsTable Comparison(IEnumerable<RunResult> runs, bool excludeEmpty = false)
    {
        var rows = new List<ResultsRow>();
        foreach (var run in runs)
        {
            rows.Add(RowOf(run, excludeEmpty));
            if (OriginalResults.RowFor(run.Config) is { } n) rows.Add(OriginalResults.Rows[n - 1]);
        }
        return new ResultsTable(rows);
    }

    /// <summary>The row of one run: key fields from the evaluated stage's config and summary, metrics over its cases.</summary>
    public static ResultsRow RowOf(RunResult run, bool excludeEmpty = false)
    {
        var stage = run.Config.EvaluatedStage;
        var settings = run.Config.Stage(stage);
        var figures = run.Summary.Stage(stage);
        var cases = run.Cases.Where(c => !excludeEmpty || !c.HasEmptyMask).ToList();
        MeanStd? Of(Func<CaseMetrics, double> value) => cases.Count == 0 ? null : MeanStd.Of(cases.Select(value).ToList());
        return new ResultsRow(
            run.Config.Name, Architecture(run.Config), figures?.Parameters, figures is null || figures.ImportedFrom is not null ? null : TimeSpan.FromSeconds(figures.TrainingSeconds),
            LossName(settings.Loss), settings.BatchSize, settings.Optimiser.Lr, cases.Count,
            Of(c => c.Hausdorff), Of(c => c.Hausdorff95), Of(c => c.Assd),
            Of(c => c.Jaccard), Of(c => c.Precision), Of(c => c.Recall), Of(c => c.Dice));
    }

    /// <summary>The model in words, in the style of the original's rows: "VNet locator", "VNet + attention (red 4, dil 3)", "VNet, num_layers 2".</summary>
    public static string Architecture(ExperimentConfig config)
    {
        var locator = config.EvaluatedStage == ExperimentStage.Locator;
        var m = config.Stage(config.EvaluatedStage).Model;
        var sb = new StringBuilder(locator ? "VNet locator" : "VNet");
        if (m.Attention) sb.Append(CultureInfo.InvariantCulture, $" + attention (red {m.AttentionReduction}, dil {m.AttentionDilation})");
        if (m.NumLayers != 1) sb.Append(CultureInfo.InvariantCulture, $", num_layers {m.NumLayers}");
        if (m.Dilation != 1) sb.Append(CultureInfo.InvariantCulture, $", conv dilation {m.Dilation}");
        if (m.BaseWidth != 8) sb.Append(CultureInfo.InvariantCulture, $", width {m.BaseWidth}");
        if (m.Activation != Models.VNetActivation.PReLU) sb.Append(", ELU");
        return sb.ToString();
    }

    /// <summary>"Dice", "Focal", "Hybrid" (Dice + Boundary) or "Hybrid (focal)".</summary>
    public static string LossName(LossConfig loss) => loss.Kind switch
    {
        LossKind.Hybrid when loss.Region == Losses.RegionLossKind.Focal => "Hybrid (focal)",
        _ => loss.Kind.ToString(),
    };

    /// <summary>A GitHub Markdown table (header, centred alignment row, one line per row; '|' in text escaped).</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", MarkdownHeaders).Append(" |\n");
        sb.Append('|').AppendJoin("|", MarkdownHeaders.Select(_ => ":---:")).Append("|\n");
        foreach (var r in Rows)
            sb.Append("| ").AppendJoin(" | ", DisplayCells(r).Select(c => c.Replace("|", "\\|"))).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>
    /// The table as it reads in the original README, for display (notebooks): <see cref="MarkdownHeaders"/> as column
    /// names and "mean ± std" text cells. <see cref="ToDataFrame"/> holds the same values as numbers for analysis.
    /// </summary>
    public DataFrame ToDisplayDataFrame()
    {
        var cells = Rows.Select(DisplayCells).ToList();
        return new DataFrame(MarkdownHeaders.Select((name, i) => (DataFrameColumn)new StringDataFrameColumn(name, cells.Select(c => c[i]))));
    }

    private static string[] DisplayCells(ResultsRow r) =>
    [
        r.Run, r.Architecture, FormatParameters(r.Parameters), FormatDuration(r.TrainingTime), r.Loss,
        r.BatchSize.ToString(CultureInfo.InvariantCulture), FormatLearningRate(r.LearningRate),
        Cell(r.Hausdorff, DistanceDecimals), Cell(r.Hausdorff95, DistanceDecimals), Cell(r.Assd, DistanceDecimals),
        Cell(r.IoU, OverlapDecimals), Cell(r.Precision, OverlapDecimals), Cell(r.Recall, OverlapDecimals), Cell(r.Dice, OverlapDecimals),
        r.Cases.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>CSV with <see cref="CsvColumns"/>: full-precision numbers (round-trip "R"), empty cells for missing values.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(",", CsvColumns).Append('\n');
        foreach (var r in Rows)
        {
            var cells = new List<string>
            {
                Csv.Quote(r.Run), Csv.Quote(r.Architecture), r.Parameters?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.TrainingTime is { } t ? Number(t.TotalSeconds) : "", Csv.Quote(r.Loss), r.BatchSize.ToString(CultureInfo.InvariantCulture),
                Number(r.LearningRate), r.Cases.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var m in Metrics(r)) { cells.Add(m is { } v ? Number(v.Mean) : ""); cells.Add(m is { } w ? Number(w.Std) : ""); }
            sb.AppendJoin(",", cells).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToMarkdown"/> to <paramref name="path"/> atomically (runs/&lt;name&gt;/results.md).</summary>
    public void WriteMarkdown(string path) => Imaging.Formats.AtomicFile.WriteAllText(path, ToMarkdown());

    /// <summary>Writes <see cref="ToCsv"/> to <paramref name="path"/> atomically.</summary>
    public void WriteCsv(string path) => Imaging.Formats.AtomicFile.WriteAllText(path, ToCsv());

    /// <summary>Reads a table written by <see cref="ToCsv"/>.</summary>
    /// <exception cref="FormatException">The header differs from <see cref="CsvColumns"/>, or a cell is not a number (names line and column).</exception>
    public static ResultsTable FromCsv(string text, string source = "results.csv")
    {
        var records = Csv.Parse(text);
        if (records.Count == 0 || !records[0].Fields.SequenceEqual(CsvColumns))
            throw new FormatException($"{source}: the header must be {string.Join(",", CsvColumns)}.");
        var rows = new List<ResultsRow>();
        foreach (var (line, f) in records.Skip(1))
        {
            if (f.Length != CsvColumns.Count) throw new FormatException($"{source} line {line}: {f.Length} fields, expected {CsvColumns.Count}.");
            double? D(int i) => f[i].Length == 0 ? null
                : double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new FormatException($"{source} line {line}, column '{CsvColumns[i]}': '{f[i]}' is not a number.");
            MeanStd? M(int i) => D(i) is { } mean && D(i + 1) is { } std ? new MeanStd(mean, std) : null;
            rows.Add(new ResultsRow(
                f[0], f[1], D(2) is { } p ? (long)p : null, D(3) is { } s ? TimeSpan.FromSeconds(s) : null, f[4],
                (int)(D(5) ?? 0), D(6) ?? double.NaN, (int)(D(7) ?? 0),
                M(8), M(10), M(12), M(14), M(16), M(18), M(20)));
        }
        return new ResultsTable(rows);
    }

    /// <summary>
    /// A DataFrame with <see cref="CsvColumns"/>: strings for run, architecture and loss; Int64 parameters; Int32 batch
    /// and cases; Double for everything else (training time in seconds); nulls for missing values.
    /// </summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("run", Rows.Select(r => r.Run)),
            new StringDataFrameColumn("architecture", Rows.Select(r => r.Architecture)),
            new Int64DataFrameColumn("parameters", Rows.Select(r => r.Parameters)),
            new DoubleDataFrameColumn("training_seconds", Rows.Select(r => r.TrainingTime?.TotalSeconds)),
            new StringDataFrameColumn("loss", Rows.Select(r => r.Loss)),
            new Int32DataFrameColumn("batch", Rows.Select(r => (int?)r.BatchSize)),
            new DoubleDataFrameColumn("lr", Rows.Select(r => (double?)r.LearningRate)),
            new Int32DataFrameColumn("cases", Rows.Select(r => (int?)r.Cases)),
        };
        for (var k = 0; k < 7; k++)
        {
            var index = k;
            columns.Add(new DoubleDataFrameColumn(CsvColumns[8 + 2 * k], Rows.Select(r => Metrics(r)[index]?.Mean)));
            columns.Add(new DoubleDataFrameColumn(CsvColumns[9 + 2 * k], Rows.Select(r => Metrics(r)[index]?.Std)));
        }
        return new DataFrame(columns);
    }

    /// <summary>"10.75 M" (millions truncated to 2 decimals, trailing zeros dropped, as the README's "10.75 M" and "16.2 M"), "170.3 k" below a million, "-" when unknown.</summary>
    public static string FormatParameters(long? parameters) => parameters switch
    {
        null => "-",
        >= 1_000_000 and var p => (Math.Floor(p / 10_000.0) / 100).ToString("0.##", CultureInfo.InvariantCulture) + " M",
        var p => (Math.Floor(p.Value / 100.0) / 10).ToString("0.#", CultureInfo.InvariantCulture) + " k",
    };

    /// <summary>"14.5 h" from an hour up (one decimal), "12 min" from a minute, "45 s" below, "-" when unknown.</summary>
    public static string FormatDuration(TimeSpan? time) => time switch
    {
        null => "-",
        { TotalHours: >= 1 } t => t.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h",
        { TotalMinutes: >= 1 } t => t.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min",
        var t => t.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>The learning rate as a plain decimal, as the README (0.0003, 0.000025).</summary>
    public static string FormatLearningRate(double lr) =>
        lr >= 1e-9 ? lr.ToString("0.#########", CultureInfo.InvariantCulture) : lr.ToString("G3", CultureInfo.InvariantCulture);

    private static string Cell(MeanStd? value, int decimals) => value is { } v ? v.Format(decimals) : "-";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static MeanStd?[] Metrics(ResultsRow r) => [r.Hausdorff, r.Hausdorff95, r.Assd, r.IoU, r.Precision, r.Recall, r.Dice];
}
