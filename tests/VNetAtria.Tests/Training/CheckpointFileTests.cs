using System.Buffers.Binary;
using System.Text;
using VNetAtria.Imaging.Formats;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;
using VNetAtria.Training.Checkpoints;

namespace VNetAtria.Tests.Training;

public sealed class CheckpointFileTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-ckpt");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CheckpointManifest Manifest() => new()
    {
        LibraryVersion = "test",
        State = new TrainingState
        {
            CompletedEpochs = 3,
            BatchInEpoch = 2,
            GlobalStep = 14,
            Scheduler = new ReduceLROnPlateauState(1e-4, double.PositiveInfinity, 1, 0, 3),
            Alpha = 0.98,
            AlphaEpoch = 3,
            History = [new EpochRecord(1, 0.5, 0.5, double.NaN, double.NaN, double.NaN, 1e-4, 1, 1.5, 1000)],
            ConfigJson = """{"model":{"BaseWidth":2}}""",
        },
    };

    private static KeyValuePair<string, byte[]>[] Sections() =>
        [new("model", Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray()), new("optimizer", [1, 2, 3]), new("torch-rng", [9])];

    private string WriteOne(string name = "c.ckpt")
    {
        var path = Path.Combine(_dir, name);
        CheckpointFile.Write(path, Manifest(), Sections());
        return path;
    }

    [Fact]
    public void A_checkpoint_round_trips_its_state_and_sections()
    {
        var content = CheckpointFile.Read(WriteOne());
        var state = content.Manifest.State;
        Assert.Equal((3, 2, 14L), (state.CompletedEpochs, state.BatchInEpoch, state.GlobalStep));
        Assert.Equal(double.PositiveInfinity, state.Scheduler.Best);
        Assert.True(double.IsNaN(state.History[0].ValidationDice));
        Assert.Equal("""{"model":{"BaseWidth":2}}""", state.ConfigJson);
        Assert.Equal(CheckpointFile.FormatVersion, content.Manifest.FormatVersion);
        foreach (var (name, bytes) in Sections()) Assert.Equal(bytes, content.Sections[name]);
    }

    [Fact]
    public void A_truncated_checkpoint_is_rejected_as_truncated_at_every_cut()
    {
        var bytes = File.ReadAllBytes(WriteOne());
        var cut = Path.Combine(_dir, "cut.ckpt");
        // Cuts inside the header, the manifest, a section and the trailing hash.
        foreach (var length in new[] { 10, 25, 200, bytes.Length - 600, bytes.Length - 1 })
        {
            File.WriteAllBytes(cut, bytes[..length]);
            var e = Assert.ThrowsAny<CheckpointException>(() => CheckpointFile.Read(cut));
            Assert.Contains(cut, e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void A_corrupted_byte_is_detected_and_the_damaged_section_named()
    {
        var path = WriteOne();
        var bytes = File.ReadAllBytes(path);
        // Sections in file order: model (1000 bytes), optimizer (3), torch-rng (1), then the 32-byte hash.
        var firstOptimizerByte = bytes.Length - 32 - 1 - 3;
        bytes[firstOptimizerByte - 5] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
        Assert.Contains("corrupted", e.Message);
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains("damaged section(s): model", e.Message);
    }

    [Fact]
    public void A_foreign_file_is_rejected_as_not_a_checkpoint()
    {
        var text = Path.Combine(_dir, "notes.ckpt");
        File.WriteAllText(text, "hello, this is not a checkpoint");
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(text));
        Assert.Contains("not a VNetAtria checkpoint", e.Message);
        Assert.Contains(text, e.Message);

        var zip = Path.Combine(_dir, "model.pt");
        File.WriteAllBytes(zip, [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]);
        Assert.Contains("zip", Assert.Throws<CheckpointException>(() => CheckpointFile.Read(zip)).Message);

        var empty = Path.Combine(_dir, "empty.ckpt");
        File.WriteAllBytes(empty, []);
        Assert.Contains("not a VNetAtria checkpoint", Assert.Throws<CheckpointException>(() => CheckpointFile.Read(empty)).Message);

        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => CheckpointFile.Read(Path.Combine(_dir, "none.ckpt"))).Message);
    }

    [Fact]
    public void A_checkpoint_written_with_attachments_still_reads()
    {
        // Checkpoints of earlier versions carry an "Attachments" object in their state; the field is gone, reading ignores it.
        var bytes = CheckpointFile.Encode(Manifest(), Sections());
        var length = (int)BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(20));
        var json = Encoding.UTF8.GetString(bytes, 28, length);
        Assert.DoesNotContain("Attachments", json);
        var old = Encoding.UTF8.GetBytes(json.Replace("\"ConfigJson\":", "\"Attachments\": { \"crop-plan\": \"{\\\"patch\\\":[96]}\" },\n    \"ConfigJson\":", StringComparison.Ordinal));
        Assert.NotEqual(json.Length, old.Length);
        var body = bytes[..28].Concat(old).Concat(bytes[(28 + length)..^32]).ToArray();
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(20), old.Length);
        var path = Path.Combine(_dir, "old.ckpt");
        File.WriteAllBytes(path, [.. body, .. System.Security.Cryptography.SHA256.HashData(body)]);

        var content = CheckpointFile.Read(path);
        Assert.Equal("""{"model":{"BaseWidth":2}}""", content.Manifest.State.ConfigJson);
        foreach (var (name, section) in Sections()) Assert.Equal(section, content.Sections[name]);
    }

    [Fact]
    public void A_checkpoint_from_a_newer_format_asks_for_an_update()
    {
        var path = WriteOne();
        var bytes = File.ReadAllBytes(path);
        bytes[16] = 99;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
        Assert.Contains("format version 99", e.Message);
        Assert.Contains("update", e.Message);
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_checkpoint_intact_and_no_partial_file()
    {
        var path = WriteOne();
        var before = File.ReadAllBytes(path);
        var replacement = CheckpointFile.Encode(Manifest() with { Kind = "best" }, Sections());
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(replacement, 0, replacement.Length / 2);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["c.ckpt"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        CheckpointFile.Read(path);
    }

    [Fact]
    public void Config_comparison_lists_every_differing_option_by_path()
    {
        var differences = ConfigDifference.Compare(
            """{"model":{"BaseWidth":8,"Attention":false},"trainer":{"MaxEpochs":200,"LearningRate":0.0003},"run":{"folds":[1,2]}}""",
            """{"model":{"BaseWidth":4,"Attention":false},"trainer":{"MaxEpochs":300,"LearningRate":0.0003},"run":{"folds":[1,3],"extra":true}}""",
            ["trainer.MaxEpochs"]);
        Assert.Equal(
            ["model.BaseWidth: checkpoint 8, now 4", "run.folds[1]: checkpoint 2, now 3", "run.extra: checkpoint (absent), now true"],
            differences.Select(d => d.ToString()));
    }

    [Fact]
    public void An_option_added_after_the_checkpoint_is_no_difference_at_its_neutral_default_but_is_at_any_other_value()
    {
        const string old = """{"trainer":{"LearningRate":0.0003}}""";
        Assert.Empty(ConfigDifference.Compare(old, """{"trainer":{"LearningRate":0.0003,"WeightDecay":0,"Flag":false,"Note":null,"List":[]}}"""));
        var differences = ConfigDifference.Compare(old, """{"trainer":{"LearningRate":0.0003,"WeightDecay":0.01}}""");
        Assert.Equal(["trainer.WeightDecay: checkpoint (absent), now 0.01"], differences.Select(d => d.ToString()));
        // An option the current configuration no longer has is always a difference.
        Assert.Single(ConfigDifference.Compare("""{"trainer":{"Gone":0}}""", """{"trainer":{}}"""));
    }
}
