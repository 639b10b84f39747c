using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Models;
using VNetAtria.Models.Interop;
using VNetAtria.Pipeline.Stages;
using VNetAtria.Preprocessing;
using VNetAtria.Runtime;
using VNetAtria.Training.Checkpoints;
using VNetAtria.Results;

namespace VNetAtria.Pipeline;

/// <summary>What <see cref="PyTorchRunImport.Import"/> wrote.</summary>
/// <param name="Run">The run folder.</param>
/// <param name="Config">The run's config (config.json).</param>
/// <param name="Normalisation">The segmenter's z-score statistics, from the checkpoint's <c>mean</c> and <c>std</c>.</param>
/// <param name="SegmenterEpoch">The checkpoint's <c>epoch</c>, when it has one.</param>
/// <param name="LocatorImported">Whether a locator checkpoint was imported too.</param>
public sealed record PyTorchImportResult(RunFolder Run, ExperimentConfig Config, NormalisationStatistics Normalisation, int? SegmenterEpoch, bool LocatorImported);

/// <summary>
/// Turns models trained by the original PyTorch code into a run folder (the <c>vnet-atria train</c> layout), so that
/// <c>predict</c>, <c>evaluate</c>, <c>report</c> and a sweep's table measure them exactly as ours: the original's
/// segmenter checkpoint dict (weights under <c>model_state</c>, the training crops' <c>mean</c> and <c>std</c> as numpy
/// scalars, its <c>epoch</c>) and, for a run with a locator, its locator checkpoint, each loaded strictly into the VNet
/// the config describes (the options that built it: layers, attention, width, activation) and saved as this code's
/// checkpoint-best; the statistics become normalisation.json. Then <see cref="RunStages.Evaluation"/> plans the crops
/// with the imported locator and predicts and evaluates the validation cases.
/// </summary>
public static class PyTorchRunImport
{
    /// <summary>Where the imported files are recorded in the run folder (paths, SHA-256, what was read).</summary>
    public const string ProvenanceFileName = "imported.json";

    /// <summary>Writes the run folder from the checkpoints (models, normalisation, config, stage summaries, provenance).</summary>
    /// <param name="config">The config that describes the models and the data (its locator.pretrained is replaced when a locator checkpoint is given).</param>
    /// <param name="runFolder">The run folder to write.</param>
    /// <param name="segmenterCheckpoint">The original's segmenter checkpoint (or a plain state_dict with no statistics when normalisation is none).</param>
    /// <param name="locatorCheckpoint">The original's locator checkpoint; null when the config has no locator or names a trained one in locator.pretrained.</param>
    /// <param name="log">Log lines.</param>
    /// <exception cref="VolumeFormatException">A checkpoint that does not fit the config's model (every key problem listed, with the options the file implies).</exception>
    /// <exception cref="RunFolderException">A locator is needed but none was given, or the statistics are missing.</exception>
    public static PyTorchImportResult Import(ExperimentConfig config, string runFolder, string segmenterCheckpoint, string? locatorCheckpoint = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        TorchRuntime.EnsureAvailable();
        if (!config.Segmenter.Enabled)
            throw new RunFolderException("import-pytorch imports a segmenter; the config has segmenter.enabled false.");
        if (locatorCheckpoint is not null)
        {
            if (!config.Locator.Enabled) throw new RunFolderException($"--locator {locatorCheckpoint} was given, but the config has no locator (locator.enabled false).");
            config = config with { Locator = config.Locator with { Pretrained = null } };
        }
        else if (config.Locator.Enabled && config.Locator.Pretrained is null)
            throw new RunFolderException("The config uses a locator: give the original's locator checkpoint (--locator FILE), or set locator.pretrained to a trained run.");
        config = config.Validated(config.Name);
        var run = new RunFolder(Path.GetFullPath(runFolder));
        Directory.CreateDirectory(run.Root);

        var entries = PyTorchWeights.ReadPickle(segmenterCheckpoint);
        var normalisation = Statistics(config, entries, segmenterCheckpoint);
        var epoch = Integer(entries, "epoch");
        var segmenterParameters = ImportModel(config.Segmenter.Model, segmenterCheckpoint, run.BestCheckpoint(ExperimentStage.Segmenter), epoch);
        PreprocessingJson.Write(run.Normalisation, normalisation);
        StageTraining.RecordSummary(run, ExperimentStage.Segmenter, new StageSummary
        {
            Parameters = segmenterParameters, Epochs = epoch ?? 0, ImportedFrom = Path.GetFullPath(segmenterCheckpoint),
        });
        log?.Invoke($"segmenter: {segmenterParameters:N0} parameters from {segmenterCheckpoint}{(epoch is { } e ? $" (epoch {e})" : "")}; normalisation mean {normalisation.Mean:G6}, std {normalisation.StandardDeviation:G6}");
        if (locatorCheckpoint is not null)
        {
            var locatorEntries = PyTorchWeights.ReadPickle(locatorCheckpoint);
            var locatorEpoch = Integer(locatorEntries, "epoch");
            var locatorParameters = ImportModel(config.Locator.Model, locatorCheckpoint, run.BestCheckpoint(ExperimentStage.Locator), locatorEpoch);
            StageTraining.RecordSummary(run, ExperimentStage.Locator, new StageSummary
            {
                Parameters = locatorParameters, Epochs = locatorEpoch ?? 0, ImportedFrom = Path.GetFullPath(locatorCheckpoint),
            });
            log?.Invoke($"locator: {locatorParameters:N0} parameters from {locatorCheckpoint}");
        }
        AtomicFile.WriteAllText(run.Config, config.ToJson());
        var provenance = new Dictionary<string, object?>
        {
            ["segmenter"] = Describe(segmenterCheckpoint, entries),
            ["locator"] = locatorCheckpoint is null ? null : Describe(locatorCheckpoint, PyTorchWeights.ReadPickle(locatorCheckpoint)),
            ["mean"] = normalisation.Mean,
            ["std"] = normalisation.StandardDeviation,
        };
        AtomicFile.WriteAllText(Path.Combine(run.Root, ProvenanceFileName), JsonSerializer.Serialize(provenance, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return new PyTorchImportResult(run, config, normalisation, epoch, locatorCheckpoint is not null);
    }

    /// <summary>
    /// The architecture a state_dict implies, for error messages: base width (input_transition.conv1 channels), layers
    /// per transition (ops of down_transition16) and whether it has attention modules.
    /// </summary>
    public static string ImpliedOptions(IEnumerable<string> keys, int? baseWidth)
    {
        var list = keys.ToList();
        var layers = list.Where(k => k.StartsWith("down_transition16.ops.", StringComparison.Ordinal))
            .Select(k => k.Split('.')[2]).Distinct().Count();
        var attention = list.Any(k => k.Contains(".att_module.", StringComparison.Ordinal));
        return $"model.numLayers={layers}, model.attention={(attention ? "true" : "false")}" + (baseWidth is { } w ? $", model.baseWidth={w}" : "");
    }

    private static long ImportModel(VNetOptions options, string checkpoint, string target, int? epoch)
    {
        using var model = VNet.Create(options, 0);
        try
        {
            PyTorchWeights.Load(model, checkpoint);
        }
        catch (VolumeFormatException e)
        {
            var entries = PyTorchWeights.ReadPickle(checkpoint);
            var weights = PyTorchWeights.CheckpointWeightKeys.Select(k => entries[k]).OfType<IDictionary>().FirstOrDefault() ?? entries;
            var keys = weights.Keys.Cast<object>().Select(k => k.ToString()!).ToList();
            int? width = weights["input_transition.conv1.weight"] is torch.Tensor t ? (int)t.shape[0] : null;
            throw new VolumeFormatException(checkpoint, null,
                $"{e.Message}\nThe file's weights imply {ImpliedOptions(keys, width)}: set the config's model options to match " +
                    $"(e.g. --set segmenter.{ImpliedOptions(keys, width).Replace(", ", " --set segmenter.", StringComparison.Ordinal)}).", e);
        }
        // Where the weights came from is in imported.json and the stage summary's ImportedFrom.
        ModelWeights.Write(model, target, "imported", epoch ?? 0);
        return model.TrainableParameterCount();
    }

    private static NormalisationStatistics Statistics(ExperimentConfig config, Hashtable entries, string path)
    {
        if (config.Preprocessing.Normalisation == NormalisationMode.None) return NormalisationStatistics.Identity;
        var mean = Number(entries, "mean");
        var std = Number(entries, "std");
        if (mean is null || std is null)
            throw new RunFolderException($"{path} holds no 'mean' and 'std' (the original saved the training crops' statistics with the segmenter); " +
                                         "without them the crops cannot be normalised as in training. Set preprocessing.normalisation=none only for a model trained without z-scores.");
        return new NormalisationStatistics(NormalisationMode.ZScore, mean.Value, std.Value, 0, 0).Validated();
    }

    private static double? Number(Hashtable entries, string key) => entries[key] switch
    {
        null => null,
        torch.Tensor t when t.numel() == 1 => t.to(torch.ScalarType.Float64).item<double>(),
        IConvertible c => Convert.ToDouble(c, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static int? Integer(Hashtable entries, string key) => Number(entries, key) is { } v ? (int)v : null;

    private static Dictionary<string, object?> Describe(string path, Hashtable entries) => new()
    {
        ["file"] = Path.GetFullPath(path),
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
        ["entries"] = entries.Keys.Cast<object>().Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList(),
        ["epoch"] = Integer(entries, "epoch"),
    };
}
