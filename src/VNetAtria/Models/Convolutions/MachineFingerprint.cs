using System.Security.Cryptography;
using System.Text;
using TorchSharp;
using VNetAtria.Runtime;

namespace VNetAtria.Models.Convolutions;

/// <summary>
/// What identifies a machine for the convolution battery's cache: the CPU (vendor, family, model, stepping, model
/// name, feature flags, cache sizes), the libtorch and TorchSharp versions, torch's thread count and the oneDNN
/// environment switches. oneDNN picks kernels and blocking from exactly these, so a verdict holds while they hold.
/// </summary>
public sealed record MachineFingerprint(string Description)
{
    /// <summary>A short stable hash of the description (file names).</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Description)))[..16];

    /// <summary>One line naming the CPU, for logs ("AMD EPYC (family 25 model 17), AVX-512").</summary>
    public string CpuSummary { get; init; } = "";

    /// <summary>The fingerprint of this process now.</summary>
    public static MachineFingerprint Current()
    {
        TorchRuntime.EnsureAvailable();
        var cpu = CpuInfo();
        var sb = new StringBuilder();
        sb.Append("battery ").Append(ConvolutionBattery.Version).Append('\n');
        sb.Append("arch ").Append(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture).Append('\n');
        foreach (var key in new[] { "vendor_id", "cpu family", "model", "stepping", "model name" })
            sb.Append(key).Append(' ').Append(cpu.GetValueOrDefault(key, "?")).Append('\n');
        sb.Append("flags ").Append(cpu.GetValueOrDefault("flags", "?")).Append('\n');
        sb.Append("caches ").Append(CacheSizes()).Append('\n');
        sb.Append("libtorch ").Append(torch.__version__).Append('\n');
        sb.Append("torchsharp ").Append(typeof(torch).Assembly.GetName().Version).Append('\n');
        sb.Append("threads ").Append(torch.get_num_threads()).Append('\n');
        foreach (var name in new[] { "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ONEDNN_CPU_ISA_HINTS", "DNNL_CPU_ISA_HINTS", "ONEDNN_DEFAULT_FPMATH_MODE" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
                sb.Append(name).Append('=').Append(value).Append('\n');
        var flags = cpu.GetValueOrDefault("flags", "");
        var isa = flags.Contains("avx512f", StringComparison.Ordinal) ? "AVX-512" : flags.Contains("avx2", StringComparison.Ordinal) ? "AVX2" : "no AVX2";
        var summary = cpu.Count == 0
            ? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString()
            : $"{cpu.GetValueOrDefault("model name", "?")} (family {cpu.GetValueOrDefault("cpu family", "?")} model {cpu.GetValueOrDefault("model", "?")}), {isa}";
        return new MachineFingerprint(sb.ToString()) { CpuSummary = summary };
    }

    // The first processor's block of /proc/cpuinfo (Linux); empty elsewhere.
    private static Dictionary<string, string> CpuInfo()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.Length == 0) break;
                var colon = line.IndexOf(':');
                if (colon < 0) continue;
                values.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return values;
    }

    private static string CacheSizes()
    {
        const string root = "/sys/devices/system/cpu/cpu0/cache";
        if (!Directory.Exists(root)) return "?";
        try
        {
            return string.Join(' ', Directory.GetDirectories(root, "index*").Order(StringComparer.Ordinal).Select(d =>
                $"L{Read(d, "level")}{Read(d, "type")[..1]}={Read(d, "size")}"));
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }

        static string Read(string dir, string file) => File.Exists(Path.Combine(dir, file)) ? File.ReadAllText(Path.Combine(dir, file)).Trim() : "?";
    }
}
