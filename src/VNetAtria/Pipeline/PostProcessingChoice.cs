using System.Text.Json;
using System.Text.Json.Serialization;
using VNetAtria.Imaging.Formats;
using VNetAtria.Metrics;
using VNetAtria.Results;

namespace VNetAtria.Pipeline;

/// <summary>
/// Whether a run's predictions keep only their largest connected component, and why: the validation cases are
/// evaluated with and without it, and with <c>prediction.largestComponent</c> unset the post-processing is kept when
/// it helps: mean Dice not lower and mean HD95 not higher, one of them strictly better. A left atrium is one connected
/// structure, so removing islands can only remove false positives, but it can also drop a true part cut off by a thin
/// gap; the validation data decides (as nnU-Net decides its post-processing).
/// </summary>
/// <param name="Setting">"auto" (decided here), "on" or "off" (forced by the config).</param>
/// <param name="Chosen">True when predictions keep the largest component.</param>
/// <param name="Cases">Validation cases evaluated.</param>
/// <param name="Without">Mean metrics without post-processing.</param>
/// <param name="With">Mean metrics with the largest component only.</param>
/// <param name="Reason">One sentence: why this choice.</param>
public sealed record PostProcessingChoice(string Setting, bool Chosen, int Cases, PostProcessingMeans Without, PostProcessingMeans With, string Reason)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Decides from the per-case metrics of the same cases without and with the post-processing.</summary>
    /// <param name="configured">The config's <c>prediction.largestComponent</c> (null: decide).</param>
    /// <param name="without">Metrics of the raw predictions.</param>
    /// <param name="with">Metrics of the same cases keeping the largest component.</param>
    public static PostProcessingChoice Decide(bool? configured, IReadOnlyList<CaseMetrics> without, IReadOnlyList<CaseMetrics> with)
    {
        if (without.Count != with.Count)
            throw new ArgumentException($"Both evaluations must cover the same cases; found {without.Count} without and {with.Count} with the post-processing.");
        var a = PostProcessingMeans.Of(without);
        var b = PostProcessingMeans.Of(with);
        if (configured is { } forced)
            return new(forced ? "on" : "off", forced, without.Count, a, b, $"prediction.largestComponent is {(forced ? "true" : "false")} in the config.");
        if (without.Count == 0)
            return new("auto", false, 0, a, b, "No validation cases: nothing to decide on, so no post-processing.");
        var diceNotWorse = b.Dice >= a.Dice;
        var hd95NotWorse = !(b.Hd95 > a.Hd95);   // NaN (empty predictions) never counts as better or worse
        var strictlyBetter = b.Dice > a.Dice || b.Hd95 < a.Hd95;
        var chosen = diceNotWorse && hd95NotWorse && strictlyBetter;
        var reason = chosen
            ? $"Keeping the largest component helps on {without.Count} validation cases: Dice {a.Dice:F4} -> {b.Dice:F4}, HD95 {a.Hd95:F2} -> {b.Hd95:F2} mm."
            : strictlyBetter
                ? $"Keeping the largest component trades one metric for the other (Dice {a.Dice:F4} -> {b.Dice:F4}, HD95 {a.Hd95:F2} -> {b.Hd95:F2} mm), so it is off."
                : $"Keeping the largest component does not help (Dice {a.Dice:F4} -> {b.Dice:F4}, HD95 {a.Hd95:F2} -> {b.Hd95:F2} mm), so it is off.";
        return new("auto", chosen, without.Count, a, b, reason);
    }

    /// <summary>Writes the choice to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a choice written by <see cref="Write"/>; null when the file does not exist.</summary>
    /// <exception cref="RunFolderException">The file is not a valid choice.</exception>
    public static PostProcessingChoice? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<PostProcessingChoice>(File.ReadAllText(path), Json)
                ?? throw new RunFolderException($"{path}: empty post-processing choice; delete it and re-run the evaluation.");
        }
        catch (JsonException e)
        {
            throw new RunFolderException($"{path}: not a post-processing choice ({e.Message}); delete it and re-run the evaluation.");
        }
    }
}

/// <summary>Mean validation metrics of one variant.</summary>
/// <param name="Dice">Mean Dice.</param>
/// <param name="Hd95">Mean HD95 (mm) over cases where it is defined; NaN when none is.</param>
/// <param name="Assd">Mean ASSD (mm), likewise.</param>
public sealed record PostProcessingMeans(double Dice, double Hd95, double Assd)
{
    /// <summary>The means of <paramref name="metrics"/>.</summary>
    public static PostProcessingMeans Of(IReadOnlyList<CaseMetrics> metrics)
    {
        static double Mean(IEnumerable<double> values)
        {
            var finite = values.Where(double.IsFinite).ToList();
            return finite.Count == 0 ? double.NaN : finite.Average();
        }
        return new(metrics.Count == 0 ? double.NaN : metrics.Average(m => m.Dice), Mean(metrics.Select(m => m.Hausdorff95)), Mean(metrics.Select(m => m.Assd)));
    }
}
