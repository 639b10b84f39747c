using VNetAtria.Metrics;

namespace VNetAtria.Plotting.Tables;

/// <summary>
/// One row of the experiments' results table (the original README's table): the configuration and the metric
/// summaries over the test cases. Kept primitive so the pipeline's experiment results map onto it.
/// </summary>
/// <param name="Architecture">Model name, e.g. "VNet" or "VNet + attention".</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="TrainingTime">Wall-clock training time.</param>
/// <param name="Loss">Loss name, e.g. "Dice" or "Dice + boundary".</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="LearningRate">Initial learning rate.</param>
/// <param name="Summaries">Metric summaries as <see cref="MetricSummary.Of(IEnumerable{CaseMetrics}, bool)"/> returns them (by metric name).</param>
public sealed record ResultsRow(string Architecture, long Parameters, TimeSpan TrainingTime, string Loss, int BatchSize, double LearningRate,
    IReadOnlyList<MetricSummary> Summaries)
{
    /// <summary>A row whose summaries are computed from per-case metrics (empty-mask cases left out when <paramref name="excludeEmpty"/>).</summary>
    public static ResultsRow FromCases(string architecture, long parameters, TimeSpan trainingTime, string loss, int batchSize, double learningRate,
        IEnumerable<CaseMetrics> cases, bool excludeEmpty = false) =>
        new(architecture, parameters, trainingTime, loss, batchSize, learningRate, MetricSummary.Of(cases, excludeEmpty));
}
