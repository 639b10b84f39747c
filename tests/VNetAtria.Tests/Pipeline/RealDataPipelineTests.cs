using VNetAtria.Experiments;
using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Hdf5;
using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Pipeline;

/// <summary>
/// A short version of the real-data check, so the real-data path stays working: the shipped
/// configs/cpu/uamt-h5-segmenter.json on three real LASC 2018 cases of the UA-MT h5 layout (../shared/data), cut down
/// to one epoch of a width-2 segmenter, then prediction at native resolution and evaluation.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)]
public class RealDataPipelineTests
{
    [Fact]
    public void The_uamt_h5_config_trains_predicts_on_the_native_grid_and_evaluates_real_cases()
    {
        var sample = TestPaths.RequireSharedData("la2018-h5-sample");
        var ids = File.ReadAllLines(Path.Combine(sample, "cases.txt")).Where(l => l.Trim().Length > 0).Take(3).Select(l => l.Trim()).ToList();
        var dir = TestPaths.NewTempDir("real-data");
        var data = Path.Combine(dir, "data");
        foreach (var id in ids)
        {
            Directory.CreateDirectory(Path.Combine(data, id));
            File.Copy(Path.Combine(sample, id, "mri_norm2.h5"), Path.Combine(data, id, "mri_norm2.h5"));
        }
        var config = Path.Combine(TestPaths.RepoRoot, "configs", "cpu", "uamt-h5-segmenter.json");
        var run = Path.Combine(dir, "run");

        var train = CliRunner.Run("train", "--config", config, "--out", run, "--set", $"data.root={data}",
            "--set", "segmenter.epochs=1", "--set", "segmenter.model.baseWidth=2", "--set", "segmenter.batchSize=1");

        Assert.True(train.ExitCode == 0, train.ToString());
        var result = RunResult.Load(run);
        var evaluated = Assert.Single(result.Cases);
        Assert.Contains(evaluated.CaseId, ids);
        Assert.InRange(evaluated.Dice, 0, 1);
        // The prediction lies on the case's own grid: the h5 image's shape, the files' implied 0.625 mm spacing.
        var image = UamtH5.ReadDataset(Path.Combine(data, evaluated.CaseId, "mri_norm2.h5"), "image");
        var prediction = VolumeFile.Read(Path.Combine(run, "predictions", evaluated.CaseId + ".nrrd"));
        Assert.Equal(image.Shape, prediction.Shape);
        Assert.True(prediction.Geometry.ApproximatelyEquals(image.Geometry));
    }
}
