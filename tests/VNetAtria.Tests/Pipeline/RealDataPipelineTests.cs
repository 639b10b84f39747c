using VNetAtria.Imaging.Formats;
using VNetAtria.Imaging.Formats.Hdf5;
using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;

namespace VNetAtria.Tests.Pipeline;

/// <summary>
/// Short versions of the real-data checks, so the real-data paths stay working: the shipped
/// configs/cpu/uamt-h5-segmenter.json (half resolution, whole volumes) and configs/cpu/uamt-h5-fullres.json (the CPU
/// profile: full-resolution patches) on three real LASC 2018 cases of the UA-MT h5 layout (../shared/data), cut down
/// to one or two epochs of a width-2 segmenter, then prediction at native resolution and evaluation. The long run is
/// bench/real-data.sh.
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

    [Fact]
    public void The_full_resolution_patch_profile_trains_on_patches_validates_whole_cases_and_predicts_on_the_native_grid()
    {
        var sample = TestPaths.RequireSharedData("la2018-h5-sample");
        var ids = File.ReadAllLines(Path.Combine(sample, "cases.txt")).Where(l => l.Trim().Length > 0).Take(3).Select(l => l.Trim()).ToList();
        var dir = TestPaths.NewTempDir("real-data-patches");
        var data = Path.Combine(dir, "data");
        foreach (var id in ids)
        {
            Directory.CreateDirectory(Path.Combine(data, id));
            File.Copy(Path.Combine(sample, id, "mri_norm2.h5"), Path.Combine(data, id, "mri_norm2.h5"));
        }
        var config = Path.Combine(TestPaths.RepoRoot, "configs", "cpu", "uamt-h5-fullres.json");
        var run = Path.Combine(dir, "run");

        // One epoch of a width-2 segmenter on small patches; the warm-up must leave an epoch to decay over.
        var train = CliRunner.Run("train", "--config", config, "--out", run, "--set", $"data.root={data}",
            "--set", "segmenter.epochs=2", "--set", "segmenter.schedule.warmupEpochs=1", "--set", "segmenter.model.baseWidth=2",
            "--set", "segmenter.batchSize=1", "--set", "segmenter.patches.size=[32,64,64]");

        Assert.True(train.ExitCode == 0, train.ToString());
        var log = File.ReadAllText(Path.Combine(run, "log.txt"));
        Assert.Contains("random 32x64x64 patches", log);
        Assert.Contains("memory after epoch 2: RSS", log);
        var history = VNetAtria.Training.TrainingHistory.Read(Path.Combine(run, "segmenter", "history.csv"));
        // Two training cases, batch 1: 4 steps, 2 of warm-up (5e-4, 1e-3), then poly from 1e-3; the history holds each
        // epoch's first rate. The last epoch is validated on the whole validation case.
        Assert.Equal(2, history.Count);
        Assert.Equal([5e-4, 1e-3], history.Select(r => r.LearningRate));
        Assert.InRange(history[1].ValidationDice, 0, 1);
        var evaluated = Assert.Single(RunResult.Load(run).Cases);
        var image = UamtH5.ReadDataset(Path.Combine(data, evaluated.CaseId, "mri_norm2.h5"), "image");
        var prediction = VolumeFile.Read(Path.Combine(run, "predictions", evaluated.CaseId + ".nrrd"));
        Assert.Equal(image.Shape, prediction.Shape);
    }
}
