namespace VNetAtria.Runtime;

/// <summary>What a device option asks for.</summary>
public enum TorchDeviceKind
{
    /// <summary>CUDA device 0 when CUDA is available, otherwise the CPU.</summary>
    Auto,
    /// <summary>The CPU.</summary>
    Cpu,
    /// <summary>A CUDA device (index 0 unless given).</summary>
    Cuda,
}

/// <summary>
/// A parsed device option: "auto", "cpu", "cuda" or "cuda:N" (case-insensitive), as PyTorch spells devices.
/// Parsing needs no native library; <see cref="TorchRuntime.ResolveDevice(string)"/> turns a spec into a device.
/// </summary>
/// <param name="Kind">What is asked for.</param>
/// <param name="Index">The CUDA device index for "cuda:N"; null otherwise.</param>
public readonly record struct TorchDeviceSpec(TorchDeviceKind Kind, int? Index = null)
{
    /// <summary>The accepted forms, for messages and help text.</summary>
    public const string Forms = "auto, cpu, cuda or cuda:N (N = CUDA device index, 0 for the first)";

    /// <summary>Parses a device option; throws <see cref="ArgumentException"/> naming the accepted forms.</summary>
    public static TorchDeviceSpec Parse(string spec) =>
        TryParse(spec, out var result)
            ? result
            : throw new ArgumentException($"Device '{spec}' is not valid: expected {Forms}.", nameof(spec));

    /// <summary>Parses a device option; false when it is not one of the accepted forms.</summary>
    public static bool TryParse(string? spec, out TorchDeviceSpec result)
    {
        result = default;
        var s = spec?.Trim().ToLowerInvariant();
        switch (s)
        {
            case "auto": result = new(TorchDeviceKind.Auto); return true;
            case "cpu": result = new(TorchDeviceKind.Cpu); return true;
            case "cuda": result = new(TorchDeviceKind.Cuda); return true;
        }
        if (s is not null && s.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(s.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            result = new(TorchDeviceKind.Cuda, index);
            return true;
        }
        return false;
    }

    /// <summary>The option text this spec parses from ("auto", "cpu", "cuda", "cuda:1").</summary>
    public override string ToString() => Kind switch
    {
        TorchDeviceKind.Auto => "auto",
        TorchDeviceKind.Cpu => "cpu",
        _ => Index is { } i ? $"cuda:{i}" : "cuda",
    };
}
