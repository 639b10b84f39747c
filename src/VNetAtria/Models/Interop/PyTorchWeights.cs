using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using VNetAtria.Imaging.Formats;
using static TorchSharp.torch;

namespace VNetAtria.Models.Interop;

/// <summary>
/// Moves weights between our modules and PyTorch files (TorchSharp.PyBridge underneath):
/// a plain <c>torch.save(model.state_dict(), f)</c> file, or the original project's checkpoint dicts
/// (weights under <c>model_state</c> or <c>locator_model_state</c>). Export writes a state_dict that
/// <c>model.load_state_dict(torch.load(f))</c> accepts strictly on the original PyTorch module.
/// </summary>
public static class PyTorchWeights
{
    /// <summary>The checkpoint keys the original project stored weights under, in the order they are tried.</summary>
    public static IReadOnlyList<string> CheckpointWeightKeys { get; } = ["model_state", "locator_model_state", "state_dict"];

    /// <summary>Reads every top-level entry of a PyTorch pickle file (tensors, numbers, nested dicts).</summary>
    public static Hashtable ReadPickle(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such PyTorch weight file.", path);
        Runtime.TorchRuntime.EnsureAvailable();
        NumpyScalarPickling.EnsureRegistered();
        try
        {
            return PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new VolumeFormatException(path, null, $"not a readable PyTorch file ({e.Message}). Expected a file written by torch.save (zip format, PyTorch >= 1.6).", e);
        }
    }

    /// <summary>
    /// Loads weights from <paramref name="path"/> into <paramref name="model"/>, strictly: every missing key,
    /// unexpected key and shape mismatch is listed in one error and nothing is changed. Parameters keep
    /// requires_grad, so the model can train on.
    /// </summary>
    public static void Load(nn.Module model, string path)
    {
        var entries = ReadPickle(path);
        var source = ExtractStateDict(entries, path);
        var target = model.state_dict();
        var problems = new List<string>();
        foreach (var key in target.Keys.Where(k => !source.ContainsKey(k))) problems.Add($"missing key '{key}' (expected shape {Shape(target[key])})");
        foreach (var key in source.Keys.Where(k => !target.ContainsKey(k))) problems.Add($"unexpected key '{key}' (shape {Shape(source[key])})");
        foreach (var key in target.Keys.Where(source.ContainsKey))
            if (!target[key].shape.SequenceEqual(source[key].shape))
                problems.Add($"key '{key}': shape {Shape(source[key])} in the file, {Shape(target[key])} in the model");
        if (problems.Count > 0)
            throw new VolumeFormatException(path, null,
                $"the weights do not fit this model ({problems.Count} problem(s)); check the architecture options (layers, attention, width, activation):\n  " + string.Join("\n  ", problems));
        using var noGrad = torch.no_grad();
        foreach (var (key, tensor) in target)
            tensor.copy_(source[key].to(tensor.dtype));
        foreach (var t in source.Values) t.Dispose();
    }

    /// <summary>Writes the model's state_dict as a PyTorch file (atomically).</summary>
    public static void Save(nn.Module model, string path) =>
        AtomicFile.Write(path, stream => model.save_py(stream, leaveOpen: true));

    private static Dictionary<string, Tensor> ExtractStateDict(Hashtable entries, string path)
    {
        foreach (var key in CheckpointWeightKeys)
            if (entries[key] is IDictionary nested)
                return ToTensorDictionary(nested, path, key);
        return ToTensorDictionary(entries, path, null);
    }

    private static Dictionary<string, Tensor> ToTensorDictionary(IDictionary entries, string path, string? under)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry e in entries)
        {
            if (e.Value is Tensor t) result[(string)e.Key] = t;
            else if (under is not null)
                throw new VolumeFormatException(path, under, $"entry '{e.Key}' is a {e.Value?.GetType().Name ?? "null"}, not a tensor.");
        }
        if (result.Count == 0)
            throw new VolumeFormatException(path, under, $"no tensors found; expected a state_dict or a checkpoint dict with one of: {string.Join(", ", CheckpointWeightKeys)}.");
        return result;
    }

    private static string Shape(Tensor t) => "(" + string.Join(", ", t.shape) + ")";
}
