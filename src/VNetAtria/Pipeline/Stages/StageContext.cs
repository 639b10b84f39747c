using TorchSharp;
using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Training;
using VNetAtria.Results;

namespace VNetAtria.Pipeline.Stages;

/// <summary>What every stage of a run needs: the config, the run folder, the data, the device and the caller's hooks.</summary>
public sealed record StageContext
{
    /// <summary>The effective configuration.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The run folder.</summary>
    public required RunFolder Run { get; init; }
    /// <summary>The cases.</summary>
    public required ExperimentData Data { get; init; }
    /// <summary>The torch device the models run on.</summary>
    public required torch.Device Device { get; init; }
    /// <summary>Continue each trained stage from its checkpoint-last.</summary>
    public bool Resume { get; init; }
    /// <summary>Log lines (also written to log.txt by the runner).</summary>
    public Action<string> Log { get; init; } = _ => { };
    /// <summary>Coarse progress of non-training work (planning, predicting).</summary>
    public IProgress<WorkProgress>? Progress { get; init; }
    /// <summary>Trainer callbacks (batch and epoch progress); <see cref="TrainingCallbacks.Log"/> is set to <see cref="Log"/> when null.</summary>
    public TrainingCallbacks Callbacks { get; init; } = new();
    /// <summary>Stops training after the current batch (checkpoint-last is written).</summary>
    public CancellationToken Cancellation { get; init; }
}
