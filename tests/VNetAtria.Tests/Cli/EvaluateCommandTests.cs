using System.Text.Json;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Cli;

public class EvaluateCommandTests
{
    private static readonly VolumeGeometry Grid = new() { Spacing = new Spacing3(1.25, 0.625, 0.625), Origin = new Vector3d(-10, 4, 7) };

    /// <summary>A label volume with a box of value <paramref name="value"/>.</summary>
    private static Volume<byte> Cube(Index3 start, int size, byte value, VolumeGeometry? geometry = null)
    {
        var v = new Volume<byte>(new Shape3(12, 16, 16), geometry: geometry ?? Grid);
        for (var d = 0; d < size; d++)
            for (var h = 0; h < size; h++)
                for (var w = 0; w < size; w++)
                    v[start.D + d, start.H + h, start.W + w] = value;
        return v;
    }

    [Fact]
    public void Folders_are_paired_by_case_id_and_metrics_are_the_hand_computed_ones()
    {
        var dir = TestPaths.NewTempDir();
        var pred = Directory.CreateDirectory(Path.Combine(dir, "pred")).FullName;
        var refs = Directory.CreateDirectory(Path.Combine(dir, "ref")).FullName;
        // Case A: identical cubes (0/1 prediction vs 0/255 reference). Case B: shifted 2 voxels along W (0.625 mm each).
        VolumeFile.Write(Path.Combine(pred, "CaseA.nrrd"), Cube(new Index3(2, 3, 3), 5, 1));
        VolumeFile.Write(Path.Combine(refs, "CaseA.nrrd"), Cube(new Index3(2, 3, 3), 5, 255));
        VolumeFile.Write(Path.Combine(pred, "CaseB.nii.gz"), Cube(new Index3(2, 3, 5), 5, 1));
        VolumeFile.Write(Path.Combine(refs, "CaseB_label.nrrd"), Cube(new Index3(2, 3, 3), 5, 255));
        var csv = Path.Combine(dir, "out", "metrics.csv");

        var result = CliRunner.Run("evaluate", "--pred", pred, "--ref", refs, "--out", csv, "--json");
        CliRunner.SkipIfPlaceholder(result, "volume readers and writers");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(csv, ".json")));
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("case").GetString()!);
        Assert.Equal(1.0, cases["CaseA"].GetProperty("dice").GetDouble());
        Assert.Equal(0.0, cases["CaseA"].GetProperty("hausdorffMm").GetDouble());
        // 5x5x5 cubes overlapping on 5x5x3: Dice = 2*75/250.
        Assert.Equal(0.6, cases["CaseB"].GetProperty("dice").GetDouble(), 12);
        Assert.Equal(2 * 0.625, cases["CaseB"].GetProperty("hausdorffMm").GetDouble(), 5);
        Assert.StartsWith("case,Dice,IoU", File.ReadAllLines(csv)[0]);
        Assert.Equal(3, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void A_geometry_mismatch_is_an_error_naming_both_files_unless_a_spacing_is_given()
    {
        var dir = TestPaths.NewTempDir();
        var p = Path.Combine(dir, "p.nrrd");
        var r = Path.Combine(dir, "r.nrrd");
        VolumeFile.Write(p, Cube(new Index3(2, 3, 3), 5, 1, Grid with { Spacing = new Spacing3(1, 1, 1) }));
        VolumeFile.Write(r, Cube(new Index3(2, 3, 3), 5, 1));

        var result = CliRunner.Run("evaluate", "--pred", p, "--ref", r);
        CliRunner.SkipIfPlaceholder(result, "volume readers and writers");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("p.nrrd", result.Err);
        Assert.Contains("r.nrrd", result.Err);
        Assert.Contains("--spacing", result.Err);
        Assert.Equal(0, CliRunner.Run("evaluate", "--pred", p, "--ref", r, "--spacing", "1,1,1").ExitCode);
    }

    [Fact]
    public void A_reference_with_values_other_than_0_1_and_255_is_an_error_naming_the_file_the_values_and_the_option()
    {
        // Training's label rule: a label map with other codes (here 2) is refused, not silently read as "> 0".
        var dir = TestPaths.NewTempDir();
        var p = Path.Combine(dir, "p.nrrd");
        var r = Path.Combine(dir, "coded.nrrd");
        VolumeFile.Write(p, Cube(new Index3(2, 3, 3), 5, 1));
        VolumeFile.Write(r, Cube(new Index3(2, 3, 3), 5, 2));

        var refused = CliRunner.Run("evaluate", "--pred", p, "--ref", r, "--json");
        CliRunner.SkipIfPlaceholder(refused, "volume readers and writers");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("coded.nrrd", refused.Err);
        Assert.Contains("2 (125 voxels)", refused.Err);
        Assert.Contains("--reference-labels foreground-above-zero", refused.Err);
        Assert.Equal("", refused.Out);
        var accepted = CliRunner.Run("evaluate", "--pred", p, "--ref", r, "--json", "--reference-labels", "foreground-above-zero");
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        using var json = JsonDocument.Parse(accepted.Out);
        Assert.Equal(1.0, json.RootElement.GetProperty("cases")[0].GetProperty("dice").GetDouble());
    }

    [Fact]
    public void Unpaired_cases_are_listed_in_one_error()
    {
        var dir = TestPaths.NewTempDir();
        var pred = Directory.CreateDirectory(Path.Combine(dir, "pred")).FullName;
        var refs = Directory.CreateDirectory(Path.Combine(dir, "ref")).FullName;
        File.WriteAllText(Path.Combine(pred, "Case1.nrrd"), "x");
        File.WriteAllText(Path.Combine(refs, "Case2.nrrd"), "x");

        var result = CliRunner.Run("evaluate", "--pred", pred, "--ref", refs);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Case1", result.Err);
        Assert.Contains("Case2", result.Err);
    }

    [Fact]
    public void Missing_required_options_are_bad_usage()
    {
        Assert.Equal(2, CliRunner.Run("evaluate", "--pred", "x").ExitCode);
        Assert.Equal(2, CliRunner.Run("evaluate", "--pred", "x", "--ref", "y", "--connectivity", "2").ExitCode);
        Assert.Equal(2, CliRunner.Run("evaluate", "--pred", "x", "--ref", "y", "--reference-labels", "above").ExitCode);
    }
}
