using System.Diagnostics;
using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using VNetAtria.Runtime;
using static TorchSharp.torch;

namespace VNetAtria.Models.Convolutions;

/// <summary>
/// Sends every CPU float32 convolution of our models through a path checked correct on this machine.
/// <para>
/// Why: libtorch 2.10's oneDNN computes some Conv3d results wrongly on some CPUs (input gradients of layers whose
/// channels leave a partly filled channel block, on AVX-512 machines; docs/onednn-convolutions.md). Before a shape is
/// first used, the <see cref="ConvolutionBattery"/> compares oneDNN with a float64 reference (cached per machine); a
/// faulty shape then runs zero-padded to whole blocks, or, if that is wrong too, oneDNN is switched off for the process.
/// On a healthy machine every shape takes libtorch's default path and results are unchanged.
/// </para>
/// </summary>
public static class ConvolutionRouting
{
    private static readonly Lock Gate = new();
    private static readonly ConditionalWeakTable<Convolution, ShapeHolder> Shapes = new();
    private static readonly Dictionary<(string Machine, ConvolutionShape Shape), ConvolutionVerdict> Verdicts = new();
    private static readonly Dictionary<int, MachineFingerprint> Fingerprints = new();
    private static readonly HashSet<string> LoadedCaches = new(StringComparer.Ordinal);
    private static readonly List<string> PendingNotes = [];
    private static ConvolutionPolicy? _policy;
    private static bool _oneDnnSwitchedOff;

    /// <summary>The routing policy (default: from the environment, see <see cref="ConvolutionPolicy.FromEnvironment"/>).</summary>
    public static ConvolutionPolicy Policy
    {
        get
        {
            lock (Gate) return _policy ??= ConvolutionPolicy.FromEnvironment();
        }
        set
        {
            lock (Gate) _policy = value ?? throw new ArgumentNullException(nameof(value));
        }
    }

    /// <summary>Where verdicts are kept between processes.</summary>
    public static ConvolutionCheckCache Cache { get; set; } = ConvolutionCheckCache.Default();

    /// <summary>
    /// Where notes about routing decisions go when they arise outside <see cref="Prepare"/> (a model used directly):
    /// standard error by default, once per decision and process.
    /// </summary>
    public static Action<string> Report { get; set; } = line => Console.Error.WriteLine($"vnet-atria: {line}");

    /// <summary>True once oneDNN was switched off for this process because no faster path was correct.</summary>
    public static bool OneDnnSwitchedOff
    {
        get
        {
            lock (Gate) return _oneDnnSwitchedOff;
        }
    }

    /// <summary>
    /// <paramref name="conv"/> applied to <paramref name="x"/> by the path this machine needs. Models call this
    /// instead of <c>conv.forward(x)</c>; CUDA, non-float32 inputs and modules outside <see cref="ConvolutionShape.Of"/>
    /// take libtorch's default path.
    /// </summary>
    public static Tensor Forward(Convolution conv, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(x);
        if (x.device_type != DeviceType.CPU || x.dtype != ScalarType.Float32) return conv.forward(x);
        var shape = ShapeOf(conv);
        if (shape is null) return conv.forward(x);
        var gradients = is_grad_enabled() && !is_inference_mode_enabled();
        var use = ConvolutionUse.Forward
                  | (gradients && x.requires_grad ? ConvolutionUse.InputGradient : 0)
                  | (gradients && conv.weight is { requires_grad: true } ? ConvolutionUse.WeightGradient : 0);
        var path = PathFor(shape, use);
        FlushNotes();
        return path == ConvolutionPath.ChannelPadded
            ? ConvolutionKernels.ChannelPadded(shape, x, conv.weight!, conv.bias)
            : conv.forward(x);
    }

    /// <summary>
    /// Checks every convolution of <paramref name="module"/> for <paramref name="use"/> now (training or prediction
    /// start), so no check interrupts a step, and returns the notes about non-default routes not reported before in
    /// this process, for the caller's log. Throws <see cref="ConvolutionCheckException"/> when a shape has no
    /// correct path.
    /// </summary>
    public static IReadOnlyList<string> Prepare(nn.Module module, ConvolutionUse use = ConvolutionUse.Training)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var conv in module.modules().OfType<Convolution>())
        {
            if (conv.weight is { } w && w.device_type != DeviceType.CPU) continue;
            if (ShapeOf(conv) is { } shape) PathFor(shape, use);
        }
        lock (Gate)
        {
            var notes = PendingNotes.ToList();
            PendingNotes.Clear();
            return notes;
        }
    }

    /// <summary>
    /// The battery's verdicts for <paramref name="shapes"/> on this machine (measuring what the cache lacks, or
    /// everything with <paramref name="recheck"/>), with the seconds spent measuring. For `vnet-atria doctor`.
    /// </summary>
    public static (IReadOnlyList<(ConvolutionShape Shape, ConvolutionVerdict Verdict)> Verdicts, double MeasuredSeconds, bool FromCache) Check(
        IEnumerable<ConvolutionShape> shapes, bool recheck)
    {
        var clock = Stopwatch.StartNew();
        var measuredAny = false;
        var results = new List<(ConvolutionShape, ConvolutionVerdict)>();
        lock (Gate)
        {
            var machine = Fingerprint();
            LoadCache(machine, ignore: recheck);
            if (recheck)
                foreach (var key in Verdicts.Keys.Where(k => k.Machine == machine.Hash).ToList())
                    Verdicts.Remove(key);
            foreach (var shape in shapes.Distinct())
            {
                var before = Verdicts.Count;
                results.Add((shape, VerdictFor(machine, shape)));
                measuredAny |= Verdicts.Count != before;
            }
        }
        return (results, measuredAny ? clock.Elapsed.TotalSeconds : 0, !measuredAny);
    }

    /// <summary>The shape of a module (cached per module), or null when the routing leaves it alone.</summary>
    public static ConvolutionShape? ShapeOf(Convolution conv) => Shapes.GetValue(conv, c => new ShapeHolder(ConvolutionShape.Of(c))).Shape;

    /// <summary>The path <paramref name="shape"/> takes for <paramref name="use"/> under the current policy (checking it first if needed).</summary>
    public static ConvolutionPath PathFor(ConvolutionShape shape, ConvolutionUse use)
    {
        var policy = Policy;
        lock (Gate)
        {
            if (_oneDnnSwitchedOff) return ConvolutionPath.WithoutOneDnn;
            if (policy.ForcedPath is { } forced) return Forced(shape, forced);
            if (policy.Check == ConvolutionCheckMode.Off) return ConvolutionPath.OneDnn;
            var machine = Fingerprint();
            LoadCache(machine, ignore: policy.Check == ConvolutionCheckMode.Recheck);
            var verdict = VerdictFor(machine, shape);
            var path = verdict.PathFor(use)
                ?? throw new ConvolutionCheckException(
                    $"No convolution path computes {shape} correctly on this machine ({machine.CpuSummary}): " +
                    string.Join("; ", verdict.Errors.Select(e => $"{ConvolutionPolicy.Name(e.Key)}: {e.Value}")) +
                    ". Run `vnet-atria doctor` for the full table. VNETATRIA_CONVOLUTION_CHECK=off runs anyway, at the risk of wrong results.");
            if (path == ConvolutionPath.WithoutOneDnn) SwitchOneDnnOff(shape, verdict);
            return path;
        }
    }

    // The verdict of a shape's representative: from memory, the cache, or measured now (path by path until one is
    // correct for training). Called under the lock.
    private static ConvolutionVerdict VerdictFor(MachineFingerprint machine, ConvolutionShape shape)
    {
        var representative = ConvolutionBattery.Representative(shape);
        if (Verdicts.TryGetValue((machine.Hash, representative), out var known) && known.IsComplete) return known;
        var errors = new Dictionary<ConvolutionPath, ConvolutionErrors>();
        foreach (var path in ConvolutionVerdict.Preference)
        {
            if (path == ConvolutionPath.WithoutOneDnn && !OneDnnSwitch.IsAvailable) break;
            errors[path] = ConvolutionBattery.Measure(representative, path);
            if (errors[path].Passes(ConvolutionUse.Training)) break;
        }
        var verdict = new ConvolutionVerdict(representative, errors);
        Verdicts[(machine.Hash, representative)] = verdict;
        if (Cache.Save(machine, Verdicts.Where(v => v.Key.Machine == machine.Hash).Select(v => v.Value)) is { } failure)
            PendingNotes.Add(failure);
        Note(verdict);
        return verdict;
    }

    private static void LoadCache(MachineFingerprint machine, bool ignore)
    {
        if (!LoadedCaches.Add(machine.Hash) || ignore) return;
        foreach (var verdict in Cache.Load(machine))
        {
            Verdicts.TryAdd((machine.Hash, verdict.Shape), verdict);
            Note(verdict);
        }
    }

    private static void Note(ConvolutionVerdict verdict)
    {
        if (!verdict.Errors.TryGetValue(ConvolutionPath.OneDnn, out var oneDnn) || oneDnn.Passes(ConvolutionUse.Training)) return;
        var path = verdict.PathFor(ConvolutionUse.Training);
        var remedy = path switch
        {
            ConvolutionPath.ChannelPadded => $"it runs with its channels zero-padded to multiples of {ConvolutionKernels.ChannelBlock} ({verdict.Errors[ConvolutionPath.ChannelPadded]}, checked correct)",
            ConvolutionPath.WithoutOneDnn => "channel padding is wrong too, so oneDNN is switched off for this process (slower)",
            _ => "no path is correct",
        };
        PendingNotes.Add($"convolution check: oneDNN computes {verdict.Shape} wrongly on this CPU ({oneDnn}); {remedy}. `vnet-atria doctor` shows the table.");
    }

    private static void SwitchOneDnnOff(ConvolutionShape shape, ConvolutionVerdict verdict)
    {
        if (_oneDnnSwitchedOff) return;
        OneDnnSwitch.Enabled = false;
        _oneDnnSwitchedOff = true;
        PendingNotes.Add($"convolution check: oneDNN switched off for this process because {shape} has no correct faster path ({string.Join("; ", verdict.Errors.Select(e => $"{ConvolutionPolicy.Name(e.Key)}: {e.Value}"))}).");
    }

    private static ConvolutionPath Forced(ConvolutionShape shape, ConvolutionPath forced)
    {
        if (forced == ConvolutionPath.WithoutOneDnn)
        {
            if (!_oneDnnSwitchedOff)
            {
                OneDnnSwitch.Enabled = false;
                _oneDnnSwitchedOff = true;
                PendingNotes.Add("convolution path forced: oneDNN switched off for this process (VNETATRIA_CONVOLUTION_PATH / --convolution-path).");
            }
            return ConvolutionPath.WithoutOneDnn;
        }
        var partial = shape.InChannels % ConvolutionKernels.ChannelBlock != 0 || shape.OutChannels % ConvolutionKernels.ChannelBlock != 0;
        return partial ? forced : ConvolutionPath.OneDnn;
    }

    private static MachineFingerprint Fingerprint()
    {
        var threads = get_num_threads();
        if (!Fingerprints.TryGetValue(threads, out var fingerprint))
            Fingerprints[threads] = fingerprint = MachineFingerprint.Current();
        return fingerprint;
    }

    private static void FlushNotes()
    {
        string[] notes;
        lock (Gate)
        {
            if (PendingNotes.Count == 0) return;
            notes = [.. PendingNotes];
            PendingNotes.Clear();
        }
        foreach (var note in notes) Report(note);
    }

    /// <summary>Forgets every verdict, note and forced switch of this process (tests); oneDNN is switched back on.</summary>
    internal static void ResetForTests()
    {
        lock (Gate)
        {
            Verdicts.Clear();
            LoadedCaches.Clear();
            PendingNotes.Clear();
            Fingerprints.Clear();
            _policy = null;
            if (_oneDnnSwitchedOff && OneDnnSwitch.IsAvailable) OneDnnSwitch.Enabled = true;
            _oneDnnSwitchedOff = false;
        }
    }

    private sealed record ShapeHolder(ConvolutionShape? Shape);
}
