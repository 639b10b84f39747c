using System.Diagnostics;
using VNetAtria.Training.Checkpoints;

namespace VNetAtria.Training;

/// <summary>
/// The running figures of the epoch in progress (loss sums, batch and step counts, time, peak memory), continued from
/// a checkpoint's partial figures when training resumes mid-epoch.
/// </summary>
internal sealed class EpochTally
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _previousSeconds;
    private readonly long _previousPeak;

    /// <summary>Starts the clock and the memory peak and continues <paramref name="state"/>'s interrupted epoch, if any.</summary>
    public EpochTally(TrainingState state)
    {
        PeakMemory.Reset();
        LossSum = state.PartialTrainLossSum;
        DiceLossSum = state.PartialTrainDiceLossSum;
        Batch = state.BatchInEpoch;
        Step = state.GlobalStep;
        _previousPeak = state.PartialPeakMemoryBytes;
        _previousSeconds = state.PartialSeconds;
    }

    /// <summary>Sum of this epoch's batch losses.</summary>
    public double LossSum { get; private set; }

    /// <summary>Sum of this epoch's batch soft Dice losses.</summary>
    public double DiceLossSum { get; private set; }

    /// <summary>Batches done in this epoch.</summary>
    public int Batch { get; private set; }

    /// <summary>Optimiser steps taken in the whole run.</summary>
    public long Step { get; private set; }

    /// <summary>Seconds spent on this epoch, interrupted parts included.</summary>
    public double Seconds => _previousSeconds + _clock.Elapsed.TotalSeconds;

    /// <summary>Peak memory during this epoch, interrupted parts included.</summary>
    public long PeakMemoryBytes => Math.Max(_previousPeak, PeakMemory.Bytes());

    /// <summary>Counts a finished batch (and its optimiser step).</summary>
    public void Add(double loss, double diceLoss)
    {
        LossSum += loss;
        DiceLossSum += diceLoss;
        Batch++;
        Step++;
    }

    /// <summary><paramref name="state"/> stopped within epoch <paramref name="epoch"/> (0-based), for a mid-epoch checkpoint.</summary>
    public TrainingState Interrupted(TrainingState state, int epoch, double alpha) => state with
    {
        BatchInEpoch = Batch,
        GlobalStep = Step,
        PartialTrainLossSum = LossSum,
        PartialTrainDiceLossSum = DiceLossSum,
        PartialSeconds = Seconds,
        PartialPeakMemoryBytes = PeakMemoryBytes,
        Alpha = alpha,
        AlphaEpoch = epoch,
    };
}
