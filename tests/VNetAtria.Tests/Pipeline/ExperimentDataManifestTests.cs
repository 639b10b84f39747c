using VNetAtria.Data;
using VNetAtria.Experiments;
using VNetAtria.Pipeline.Stages;
using VNetAtria.Synthetic;
using VNetAtria.Tests.TestSupport;
using VNetAtria.Results;
using VNetAtria.Recipes;

namespace VNetAtria.Tests.Pipeline;

/// <summary>data.manifest: a run takes a manifest's cases and split, after checking the files' hashes.</summary>
public sealed class ExperimentDataManifestTests
{
    private static (string Data, string Manifest, DatasetManifest Value) WriteCohortAndManifest()
    {
        var dir = TestPaths.NewTempDir("manifest-run");
        var data = Path.Combine(dir, "data");
        SyntheticCohort.Write(data, PhantomProfile.Small, cases: 4, seed: 3);
        var manifestPath = Path.Combine(dir, "cohort.manifest.json");
        var manifest = ManifestBuilder.Create(data, new ManifestCreateOptions { TrainFraction = 0.5, SplitSeed = 9, ManifestPath = manifestPath, ReadGeometry = false }).Manifest;
        ManifestJson.Write(manifestPath, manifest);
        return (data, manifestPath, manifest);
    }

    private static ExperimentConfig Config(string manifest) =>
        DemoConfig.Load(["data.synthetic=null", "data.manifest=" + manifest, "data.split.seed=12345"]);

    [Fact]
    public void A_run_takes_the_manifests_cases_and_split_not_its_own_seeded_split()
    {
        var (_, manifestPath, manifest) = WriteCohortAndManifest();
        var data = ExperimentData.Load(Config(manifestPath), new RunFolder(TestPaths.NewTempDir()));
        Assert.Equal(manifest.Cases.Select(c => (c.Id, c.Split)).OrderBy(x => x.Id),
            data.Cases.Select(c => (c.CaseId, c.Split)).OrderBy(x => x.CaseId));
        Assert.Equal(2, data.Train.Count);
        Assert.All(data.Cases, c => Assert.True(File.Exists(c.Record.ImagePath)));
    }

    [Fact]
    public void A_file_changed_since_the_manifest_stops_the_run_naming_the_file()
    {
        var (data, manifestPath, manifest) = WriteCohortAndManifest();
        var changed = Path.Combine(data, manifest.Cases[1].Image.Path);
        var bytes = File.ReadAllBytes(changed);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(changed, bytes);
        var e = Assert.Throws<RunFolderException>(() => ExperimentData.Load(Config(manifestPath), new RunFolder(TestPaths.NewTempDir())));
        Assert.Contains(manifest.Cases[1].Image.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains("re-create the manifest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_manifest_names_the_command_that_makes_one()
    {
        var missing = Path.Combine(TestPaths.NewTempDir(), "none.json");
        var e = Assert.Throws<RunFolderException>(() => ExperimentData.Load(Config(missing), new RunFolder(TestPaths.NewTempDir())));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("vnet-atria manifest create", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_with_synthetic_data_is_a_config_error_naming_the_field()
    {
        var e = Assert.Throws<ExperimentConfigException>(() => DemoConfig.Load(["data.manifest=cohort.json"]));
        Assert.Contains("data.manifest", e.Message, StringComparison.Ordinal);
    }
}
