using BenchmarkDotNet.Attributes;
using VNetAtria.Models;
using VNetAtria.Optimisation;
using VNetAtria.Training;
using VNetAtria.Training.Checkpoints;

namespace VNetAtria.Benchmarks;

/// <summary>
/// Checkpoint cost for the original VNet (10,759,306 parameters): weights plus Adam's two moments are about 130 MB per
/// checkpoint. Measures serialising model and optimiser, encoding the container (SHA-256 per section and of the file),
/// writing it atomically (fsync + rename) and reading it back with verification. In-process: BenchmarkDotNet's generated
/// child project lies outside the build that patches TorchSharp's native library for Debian 12 (so run it without --job:
/// <c>dotnet run -c Release --project bench/VNetAtria.Benchmarks -- --filter '*CheckpointBenchmarks*'</c>).
/// Measured on the 2-core development machine under heavy load from parallel builds: serialise 210 ms (543 MB allocated
/// by growing MemoryStreams), encode 252 ms, atomic write 142 ms, read and verify 216 ms.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class CheckpointBenchmarks
{
    private VNet _model = null!;
    private AdamOptimiser _optimizer = null!;
    private KeyValuePair<string, byte[]>[] _sections = [];
    private byte[] _encoded = [];
    private string _folder = "";
    private readonly CheckpointManifest _manifest = new()
    {
        State = new TrainingState { Scheduler = new ReduceLROnPlateauState(3e-4, double.PositiveInfinity, 0, 0, 0) },
    };

    [GlobalSetup]
    public void Setup()
    {
        Runtime.TorchRuntime.EnsureAvailable();
        _model = VNet.Create(VNetOptions.Original, 1);
        _optimizer = new AdamOptimiser(_model.named_parameters(), new AdamOptions { LearningRate = 3e-4 });
        _sections = Serialise();
        _encoded = CheckpointFile.Encode(_manifest, _sections);
        _folder = Path.Combine(Path.GetTempPath(), $"vnetatria-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        CheckpointFile.WriteBytes(Path.Combine(_folder, "read.ckpt"), _encoded);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_folder, recursive: true);
        _optimizer.Dispose();
        _model.Dispose();
    }

    /// <summary>Module.save and AdamOptimiser.Save into memory.</summary>
    [Benchmark]
    public int SerialiseModelAndAdam() => Serialise().Length;

    /// <summary>The container: manifest JSON, section hashes, file hash.</summary>
    [Benchmark]
    public int Encode() => CheckpointFile.Encode(_manifest, _sections).Length;

    /// <summary>Atomic write of an encoded checkpoint (temporary file, fsync, rename).</summary>
    [Benchmark]
    public void WriteAtomically() => CheckpointFile.WriteBytes(Path.Combine(_folder, "write.ckpt"), _encoded);

    /// <summary>Read and verify (length, hashes) a checkpoint.</summary>
    [Benchmark]
    public int ReadAndVerify() => CheckpointFile.Read(Path.Combine(_folder, "read.ckpt")).Sections.Count;

    private KeyValuePair<string, byte[]>[] Serialise()
    {
        using var model = new MemoryStream();
        _model.save(model);
        using var optimizer = new MemoryStream();
        using (var writer = new BinaryWriter(optimizer, System.Text.Encoding.UTF8, leaveOpen: true))
            _optimizer.Save(writer);
        return [new("model", model.ToArray()), new("optimizer", optimizer.ToArray())];
    }
}
