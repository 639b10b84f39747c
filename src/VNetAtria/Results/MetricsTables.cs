using System.Globalization;
using System.Text;
using System.Text.Json;
using VNetAtria.Imaging.Formats;
using VNetAtria.Metrics;

namespace VNetAtria.Results;

/// <summary>Writes per-case metrics and their summary as CSV and JSON (atomically).</summary>
public static class MetricsTables
{
    /// <summary>CSV: one row per case (case, every metric column, TP/FP/FN/TN, empty flags), invariant culture.</summary>
    public static string ToCsv(IEnumerable<CaseMetrics> cases)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Csv.Record(["case", .. CaseMetrics.Columns.Select(c => c.Name), "tp", "fp", "fn", "tn", "empty_prediction", "empty_reference"]));
        foreach (var m in cases)
        {
            sb.Append(Csv.Quote(m.CaseId));
            foreach (var (_, value) in CaseMetrics.Columns) sb.Append(',').Append(value(m).ToString("R", CultureInfo.InvariantCulture));
            sb.Append(CultureInfo.InvariantCulture, $",{m.Counts.TruePositives},{m.Counts.FalsePositives},{m.Counts.FalseNegatives},{m.Counts.TrueNegatives}");
            sb.Append(m.EmptyPrediction ? ",true" : ",false").AppendLine(m.EmptyReference ? ",true" : ",false");
        }
        return sb.ToString();
    }

    /// <summary>JSON: {"conventions": ..., "cases": [...], "summary": [...]}.</summary>
    public static string ToJson(IReadOnlyList<CaseMetrics> cases, SegmentationMetricOptions conventions, bool excludeEmpty)
    {
        var document = new
        {
            conventions = new
            {
                connectivity = conventions.Connectivity.ToString(),
                hd95 = conventions.Hd95.ToString(),
                assd = conventions.Assd.ToString(),
                distanceUnit = "mm",
                emptyMasks = "both empty: overlap 1, distances 0; one empty: overlap 0, distances = volume diagonal (flagged)",
                summaryExcludesEmptyCases = excludeEmpty,
            },
            cases = cases.Select(m => new
            {
                @case = m.CaseId,
                dice = m.Dice, iou = m.Jaccard, precision = m.Precision, recall = m.Recall, specificity = m.Specificity,
                hausdorffMm = m.Hausdorff, hd95Mm = m.Hausdorff95, assdMm = m.Assd, asdMm = m.AverageSurfaceDistance,
                tp = m.Counts.TruePositives, fp = m.Counts.FalsePositives, fn = m.Counts.FalseNegatives, tn = m.Counts.TrueNegatives,
                emptyPrediction = m.EmptyPrediction, emptyReference = m.EmptyReference,
            }),
            summary = MetricSummary.Of(cases, excludeEmpty).Select(s => new
            {
                metric = s.Metric, count = s.Count, mean = s.Mean, std = s.StandardDeviation, median = s.Median, q1 = s.Q1, q3 = s.Q3, iqr = s.InterquartileRange,
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
    }

    /// <summary>Writes text atomically.</summary>
    public static void Write(string path, string text) => AtomicFile.WriteAllText(path, text);
}
