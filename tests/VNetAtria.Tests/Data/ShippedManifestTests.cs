using VNetAtria.Data;
using VNetAtria.Synthetic;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Data;

public class ShippedManifestTests
{
    [Fact]
    public void The_shipped_demo_manifest_verifies_against_a_freshly_generated_cohort()
    {
        // data-manifests/demo-small.json promises that `synth --cases 10 --profile small --seed 0` reproduces the
        // demo cohort byte for byte on any machine; regenerating it here checks that promise end to end.
        var manifest = ManifestJson.Read(Path.Combine(TestPaths.RepoRoot, "data-manifests", "demo-small.json"));
        var root = TestPaths.NewTempDir("demo-small");
        SyntheticCohort.Write(root, PhantomProfile.Small, manifest.Cases.Count, seed: 0);

        var result = ManifestVerifier.Verify(manifest, root, new ManifestVerifyOptions { CheckGeometry = true });

        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        Assert.Equal(20, result.FilesChecked);
    }

    [Fact]
    public void The_lasc_template_holds_the_standard_80_20_split_of_100_cases()
    {
        var template = ManifestJson.Read(Path.Combine(TestPaths.RepoRoot, "data-manifests", "lasc2018-template.json"));
        Assert.Equal(100, template.Cases.Count);
        Assert.Equal(80, template.CasesIn(DatasetSplit.Train).Count());
        Assert.Equal(20, template.CasesIn(DatasetSplit.Validation).Count());
    }
}
