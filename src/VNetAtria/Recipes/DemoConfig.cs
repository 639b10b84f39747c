using VNetAtria.Experiments;

namespace VNetAtria.Recipes;

/// <summary>
/// The demo's experiment: the CPU profile (configs/cpu) cut down to finish in minutes on a 2-core CPU: synthetic
/// small phantoms, a base-width-4 locator and segmenter, Dice loss, on-the-fly augmentation. The numbers were tuned by
/// measurement (docs/pipeline.md).
/// </summary>
public static class DemoConfig
{
    /// <summary>The demo config as JSON (every other field takes its default).</summary>
    public const string Json = """
    {
      "name": "demo",
      "description": "vnet-atria demo: synthetic small phantoms, locator + segmenter (half resolution), CPU-sized.",
      "data": { "synthetic": { "profile": "small", "cases": 20, "seed": 0 }, "split": { "seed": 42, "trainFraction": 0.75 } },
      "preprocessing": {
        "canvas": "64x128x128",
        "locatorScale": [0.5, 0.25, 0.25],
        "crop": { "trainingBuffer": [8, 16, 16], "predictionBuffer": [6, 12, 12], "multiple": 32 },
        "segmenterInputScale": 0.5
      },
      "augmentation": {
        "preset": "on-the-fly",
        "flip": { "probability": 0 },
        "rotation": { "probability": 0 },
        "noise": { "probability": 0 },
        "translation": { "probability": 0.3, "offsets": [[0, 3, 0], [0, -3, 0], [0, 0, 3], [0, 0, -3]] }
      },
      "locator": {
        "model": { "baseWidth": 4 },
        "optimiser": { "lr": 0.0003 },
        "batchSize": 3, "epochs": 30, "checkpointEvery": 100,
        "plateau": { "patience": 8, "factor": 0.85 }
      },
      "segmenter": {
        "model": { "baseWidth": 8 },
        "optimiser": { "lr": 0.001 },
        "batchSize": 2, "epochs": 30, "checkpointEvery": 100,
        "plateau": { "patience": 6, "factor": 0.8 }
      },
      "device": "cpu",
      "threads": 2
    }
    """;

    /// <summary>The demo config with <paramref name="overrides"/> (<c>key=value</c>) applied.</summary>
    public static ExperimentConfig Load(IEnumerable<string>? overrides = null) =>
        ExperimentConfigLoader.Parse(Json, "demo config", overrides, Directory.GetCurrentDirectory());
}
