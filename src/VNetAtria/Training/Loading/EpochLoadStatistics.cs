namespace VNetAtria.Training.Loading;

/// <summary>
/// How one epoch's loading went, seen from the consumer: time spent waiting for batches (the loader's share of a
/// training step; near zero when the workers keep ahead), time the workers spent preparing them, and the most batches
/// that were ready or in preparation at once (never above the queue capacity).
/// </summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Batches">Batches handed to the consumer so far.</param>
/// <param name="WaitTime">Total time the consumer waited for the next batch.</param>
/// <param name="PrepareTime">Total time spent preparing the handed-out batches (over all workers).</param>
/// <param name="PeakInFlight">Most batches prepared or in preparation ahead of the consumer at one time.</param>
public sealed record EpochLoadStatistics(int Epoch, int Batches, TimeSpan WaitTime, TimeSpan PrepareTime, int PeakInFlight)
{
    /// <summary>Mean wait per batch.</summary>
    public TimeSpan MeanWait => Batches == 0 ? TimeSpan.Zero : WaitTime / Batches;

    /// <summary>Mean preparation time per batch.</summary>
    public TimeSpan MeanPrepare => Batches == 0 ? TimeSpan.Zero : PrepareTime / Batches;
}
