using VNetAtria.Imaging.Formats;
using VNetAtria.Pipeline.Prediction;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Pipeline.Prediction;

[Collection(TorchGlobalRngCollection.Name)]
public class PredictionFilesTests
{
    [Fact]
    public void Predicting_a_folder_writes_one_label_per_case_in_the_inputs_format_and_geometry_and_no_temporary_files()
    {
        var root = TestPaths.NewTempDir();
        try
        {
            var input = Path.Combine(root, "in");
            var output = Path.Combine(root, "out");
            var image = PredictionFixtures.CubeImage();
            VolumeFile.Write(Path.Combine(input, "Case01", "lgemri.nrrd"), image);
            VolumeFile.Write(Path.Combine(input, "Case02_lgemri.nii.gz"), image);
            var predictor = new Predictor(null, new ThresholdModel(100, 1), new PredictorOptions { Canvas = null, ForegroundValue = 255 });

            var summaries = predictor.PredictFolder(input, output);

            Assert.Equal(["Case01", "Case02"], summaries.Select(s => s.CaseId));
            Assert.Equal(["Case01.nrrd", "Case02.nii.gz"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var truth = PredictorTests.Truth(image).Select(v => (byte)(v * 255)).ToArray();
            foreach (var s in summaries)
            {
                var written = VolumeFile.Read(s.OutputPath);
                var read = VolumeFile.Read(s.InputPath);
                Assert.Equal(read.Shape, written.Shape);
                Assert.True(read.Geometry.ApproximatelyEquals(written.Geometry, 1e-6, 1e-9, 1e-9), $"{s.CaseId}: {read.Geometry} vs {written.Geometry}");
                Assert.True(image.Geometry.ApproximatelyEquals(written.Geometry), $"{s.CaseId}: {image.Geometry} vs {written.Geometry}");
                Assert.Equal(truth, written.As<byte>().Data);
                Assert.Equal(truth.Count(v => v != 0), s.ForegroundVoxels);
                Assert.Equal(PredictionMode.WholeVolume, s.Mode);
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Case_ids_come_from_lasc_folders_and_file_names_and_duplicates_are_refused()
    {
        var root = TestPaths.NewTempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "A7"));
            File.WriteAllText(Path.Combine(root, "A7", "lgemri.nrrd"), "");
            File.WriteAllText(Path.Combine(root, "B2.nii.gz"), "");
            File.WriteAllText(Path.Combine(root, ".hidden.nrrd"), "");
            File.WriteAllText(Path.Combine(root, "notes.txt"), "");

            var inputs = PredictionInputs.Find(root);

            Assert.Equal(["A7", "B2"], inputs.Select(i => i.CaseId));
            Assert.Equal(Path.Combine("out", "B2.nii.gz"), PredictionInputs.OutputPath("out", inputs[1]));
            Assert.Equal(Path.Combine("out", "A7.nrrd"), PredictionInputs.OutputPath("out", inputs[0]));

            Assert.Equal("A7", PredictionInputs.CaseIdOf(Path.Combine(root, "A7", "lgemri.nrrd")));
            Assert.Equal("B2", PredictionInputs.CaseIdOf(Path.Combine(root, "B2.nii.gz")));

            File.WriteAllText(Path.Combine(root, "A7_image.nrrd"), "");
            var e = Assert.Throws<PredictionException>(() => PredictionInputs.Find(root));
            Assert.Contains("A7", e.Message);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void A_single_file_takes_the_case_id_its_folder_gives_it_else_its_name_without_extension()
    {
        var root = TestPaths.NewTempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "A7"));
            var lasc = Path.Combine(root, "A7", "lgemri.nrrd");
            var named = Path.Combine(root, "B2_lgemri.nii.gz");
            var h5 = Path.Combine(root, "scan.H5");   // not a volume file Find lists: named by the file
            foreach (var f in new[] { lasc, named, h5 }) File.WriteAllText(f, "");

            // The verb's naming, kept as it was: lgemri.nrrd is a volume file of its own folder, so it is "lgemri" (not
            // "A7", which CaseIdOf and a prediction of the parent folder give).
            Assert.Equal(new PredictionInput("lgemri", lasc), PredictionInputs.ForFile(lasc));
            Assert.Equal(new PredictionInput("B2", named), PredictionInputs.ForFile(named));
            Assert.Equal(new PredictionInput("scan", h5), PredictionInputs.ForFile(h5));

            File.WriteAllText(Path.Combine(root, "B2.nrrd"), "");
            Assert.Contains("B2", Assert.Throws<PredictionException>(() => PredictionInputs.ForFile(named)).Message);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
