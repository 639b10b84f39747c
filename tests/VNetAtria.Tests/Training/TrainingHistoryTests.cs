using VNetAtria.Tests.TestSupport;
using VNetAtria.Training;

namespace VNetAtria.Tests.Training;

public sealed class TrainingHistoryTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("history");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string HistoryPath => Path.Combine(_dir, "history.csv");

    private static readonly EpochRecord[] Records =
    [
        new(1, 0.9, 0.8, double.NaN, double.NaN, double.NaN, 3e-4, 1, 12.5, 1_000_000),
        new(2, 0.7, 0.6, 0.65, 0.55, 0.4, 3e-4, 0.9, 11.25, 2_000_000),
    ];

    [Fact]
    public void History_csv_holds_what_training_computed_and_timing_csv_beside_it_the_machine_measurements()
    {
        TrainingHistory.Write(HistoryPath, Records);

        Assert.Equal(
            "epoch,train_loss,train_dice_loss,val_loss,val_dice_loss,val_dice,learning_rate,alpha\n" +
            "1,0.9,0.8,,,,0.0003,1\n" +
            "2,0.7,0.6,0.65,0.55,0.4,0.0003,0.9\n",
            File.ReadAllText(HistoryPath));
        Assert.Equal("epoch,epoch_seconds,peak_memory_bytes\n1,12.5,1000000\n2,11.25,2000000\n", File.ReadAllText(Path.Combine(_dir, "timing.csv")));
        Assert.Equal(Records, TrainingHistory.Read(HistoryPath));
    }

    [Fact]
    public void Runs_that_differ_only_in_time_and_memory_write_the_same_history_csv()
    {
        var slower = Records.Select(r => r with { Seconds = r.Seconds * 3, PeakMemoryBytes = r.PeakMemoryBytes + 12345 }).ToArray();
        Assert.Equal(TrainingHistory.ToCsv(Records), TrainingHistory.ToCsv(slower));
        Assert.NotEqual(TrainingHistory.TimingToCsv(Records), TrainingHistory.TimingToCsv(slower));
    }

    [Fact]
    public void A_history_written_before_timing_csv_existed_reads_with_its_own_ten_columns()
    {
        File.WriteAllText(HistoryPath,
            "epoch,train_loss,train_dice_loss,val_loss,val_dice_loss,val_dice,learning_rate,alpha,epoch_seconds,peak_memory_bytes\n" +
            "1,0.9,0.8,,,,0.0003,1,12.5,1000000\n" +
            "2,0.7,0.6,0.65,0.55,0.4,0.0003,0.9,11.25,2000000\n");
        Assert.Equal(Records, TrainingHistory.Read(HistoryPath));
    }

    [Fact]
    public void Without_timing_csv_the_seconds_are_NaN_and_the_memory_0()
    {
        TrainingHistory.Write(HistoryPath, Records);
        File.Delete(Path.Combine(_dir, TrainerFolder.TimingFileName));
        var read = TrainingHistory.Read(HistoryPath);
        Assert.Equal(Records.Select(r => r with { Seconds = double.NaN, PeakMemoryBytes = 0 }), read);
    }

    [Theory]
    [InlineData("history.csv", "epoch,loss\n1,0.5\n", "is not a training history: its first line must be 'epoch,train_loss,")]
    [InlineData("history.csv", "epoch,train_loss,train_dice_loss,val_loss,val_dice_loss,val_dice,learning_rate,alpha\n1,0.9,x,,,,0.1,1\n", "line 2 has a malformed number 'x'")]
    [InlineData("history.csv", "epoch,train_loss,train_dice_loss,val_loss,val_dice_loss,val_dice,learning_rate,alpha\n1.5,0.9,0.8,,,,0.1,1\n", "line 2 column 1 must be a whole number, found '1.5'")]
    [InlineData("history.csv", "epoch,train_loss,train_dice_loss,val_loss,val_dice_loss,val_dice,learning_rate,alpha\n1,0.9,0.8,,,,0.1\n", "line 2 has 7 fields, expected 8")]
    [InlineData("timing.csv", "epoch,seconds\n1,2\n", "is not a training timing file: its first line must be 'epoch,epoch_seconds,peak_memory_bytes'")]
    [InlineData("timing.csv", "epoch,epoch_seconds,peak_memory_bytes\n1,2.5,\n", "line 2 column 3 must be a whole number, found ''")]
    public void A_malformed_file_is_refused_naming_the_file_and_the_line(string file, string content, string expected)
    {
        TrainingHistory.Write(HistoryPath, Records);
        File.WriteAllText(Path.Combine(_dir, file), content);
        var e = Assert.Throws<InvalidDataException>(() => TrainingHistory.Read(HistoryPath));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
