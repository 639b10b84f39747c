using System.CommandLine;
using System.Text.Json;
using VNetAtria.Cli;
using VNetAtria.Data;
using VNetAtria.Tests.Data;
using static VNetAtria.Tests.Cli.CliRunner;

namespace VNetAtria.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void Help_exits_0_and_lists_every_verb()
    {
        var r = Run("--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var verb in new[] { "synth", "volume", "manifest", "demo" }) Assert.Contains(verb, r.Out);
    }

    [Fact]
    public void Every_command_has_help_that_exits_0_and_every_option_and_argument_is_described()
    {
        var output = new StringWriter();
        var root = CliApp.BuildRootCommand(new CliContext(Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(output) }), output, output, false));
        var paths = new List<string[]>();
        void Walk(Command c, string[] path)
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Description), $"command '{string.Join(' ', path)}' has no description");
            foreach (var o in c.Options) Assert.False(string.IsNullOrWhiteSpace(o.Description), $"option {o.Name} of '{string.Join(' ', path)}' has no description");
            foreach (var a in c.Arguments) Assert.False(string.IsNullOrWhiteSpace(a.Description), $"argument {a.Name} of '{string.Join(' ', path)}' has no description");
            paths.Add(path);
            foreach (var s in c.Subcommands) Walk(s, [.. path, s.Name]);
        }
        Walk(root, []);
        Assert.Contains(paths, p => p.SequenceEqual(["manifest", "verify"]));
        foreach (var path in paths)
        {
            var r = Run([.. path, "--help"]);
            Assert.True(r.ExitCode == 0, $"{string.Join(' ', path)} --help: {r}");
            Assert.Contains("Usage:", r.Out);
        }
    }

    [Fact]
    public void Version_exits_0_and_prints_the_version()
    {
        var r = Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith(CliApp.Version, r.Out.Trim());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("synth", "--out", "x", "--no-such-option")]
    [InlineData("synth", "--out", "x", "--profile", "huge")]
    [InlineData("synth", "--out", "x", "--cases", "0")]
    [InlineData("synth")] // --out is required
    [InlineData("volume")] // a group needs a verb
    [InlineData("manifest", "create", "dir", "--split-seed", "not-a-number")]
    public void Bad_usage_exits_2_with_a_one_line_error_and_a_help_hint(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("vnet-atria: error: ", r.ErrLines[0]);
        Assert.Contains("--help", r.ErrLines[^1]);
    }

    [Fact]
    public void No_verb_shows_help_and_exits_2()
    {
        var r = Run();
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Commands:", r.Out);
    }

    [Fact]
    public void A_missing_file_exits_1_with_one_line_naming_the_path()
    {
        var missing = Path.Combine(TestSupport.TestPaths.NewTempDir(), "absent.nrrd");
        var r = Run("volume", "info", missing);
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines);
        Assert.StartsWith("vnet-atria: error: ", line);
        Assert.Contains(missing, line);
    }

    [Fact]
    public void Verbose_adds_the_stack_trace_after_the_one_line_error()
    {
        var missing = Path.Combine(TestSupport.TestPaths.NewTempDir(), "absent.nrrd");
        var r = Run("volume", "info", missing, "--verbose");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("vnet-atria: error: ", r.ErrLines[0]);
        Assert.Contains("FileNotFoundException", r.Err);
        Assert.Contains(" at ", r.Err);
    }

    [Fact]
    public void An_unexpected_exception_is_reported_as_a_bug_with_a_hint_to_use_verbose()
    {
        var error = new StringWriter();
        var ctx = new CliContext(Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, error, false);
        var code = CliErrors.Report(ctx, new InvalidOperationException("boom"), verbose: false);
        Assert.Equal(1, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("bug", line);
        Assert.Contains("--verbose", line);
        Assert.Contains("boom", line);
    }

    [Fact]
    public void Manifest_create_then_verify_passes_and_a_flipped_byte_fails_verify_naming_the_file()
    {
        var root = DataTestFiles.LascFolder("A", "B", "C", "D", "E");
        var manifest = Path.Combine(TestSupport.TestPaths.NewTempDir(), "sub", "m.json");

        var created = Run("manifest", "create", root, "--out", manifest, "--no-geometry", "--split-seed", "3");
        Assert.True(created.ExitCode == 0, created.ToString());
        var m = ManifestJson.Read(manifest);
        Assert.Equal(5, m.Cases.Count);
        Assert.Equal(3, m.Split.Seed);
        Assert.Equal(root, m.ResolveRoot(manifest));
        Assert.Equal(CliApp.ToolName, m.CreatedBy);

        Assert.Equal(0, Run("manifest", "verify", manifest).ExitCode);

        var victim = Path.Combine(root, "D", "lgemri.nrrd");
        var bytes = File.ReadAllBytes(victim);
        bytes[0] ^= 0x80;
        File.WriteAllBytes(victim, bytes);
        var verify = Run("manifest", "verify", manifest);
        Assert.Equal(1, verify.ExitCode);
        var line = Assert.Single(verify.ErrLines);
        Assert.Contains("D/lgemri.nrrd", line);
        Assert.DoesNotContain("A/lgemri.nrrd", line);
    }

    [Fact]
    public void Manifest_create_with_a_template_lists_the_missing_cases_and_exits_1()
    {
        var root = DataTestFiles.LascFolder("06SR5RBREL16DQ6M8LWS");
        var template = Path.Combine(TestSupport.TestPaths.RepoRoot, "data-manifests", "lasc2018-template.json");
        var r = Run("manifest", "create", root, "--template", template, "--no-geometry");
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrLines);
        Assert.Contains("99 of the template's 100 cases are missing", line);
        Assert.Contains("0RZDK210BSMWAA6467LU", line);
    }

    [Fact]
    public void Images_without_labels_fail_unless_allowed_on_the_command_line()
    {
        var root = DataTestFiles.LascFolder("A", "B");
        DataTestFiles.Touch(root, "U/lgemri.nrrd");
        var refused = Run("manifest", "create", root, "--no-geometry");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("U (", refused.ErrLines.Single());

        var allowed = Run("manifest", "create", root, "--no-geometry", "--allow-unlabeled");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal(DatasetSplit.Test, ManifestJson.Read(Path.Combine(root, "manifest.json")).Cases.Single(c => c.Id == "U").Split);
    }

    [Fact]
    public void Volume_info_json_reports_shape_spacing_and_statistics_of_a_hand_written_nrrd()
    {
        var file = HandWrittenNrrd(TestSupport.TestPaths.NewTempDir());
        var r = Run("volume", "info", file, "--json");
        SkipIfPlaceholder(r, "NRRD reader");
        Assert.True(r.ExitCode == 0, r.ToString());

        using var doc = JsonDocument.Parse(r.Out);
        var v = Assert.Single(doc.RootElement.GetProperty("volumes").EnumerateArray());
        Assert.Equal([2, 3, 4], v.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal([2.0, 0.75, 0.5], v.GetProperty("spacing").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal([1.0, 2.0, 3.0], v.GetProperty("origin").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal("UInt8", v.GetProperty("voxelType").GetString());
        var s = v.GetProperty("statistics");
        Assert.Equal(0, s.GetProperty("min").GetDouble());
        Assert.Equal(23, s.GetProperty("max").GetDouble());
        Assert.Equal(11.5, s.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(Math.Sqrt((24.0 * 24 - 1) / 12), s.GetProperty("std").GetDouble(), 1e-9); // population std of 0..23
        Assert.Equal(JsonValueKind.Null, s.GetProperty("distinctValues").ValueKind); // 24 values > 16
    }

    [Fact]
    public void Volume_convert_to_nifti_and_back_keeps_shape_and_spacing()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var file = HandWrittenNrrd(dir);
        var nii = Path.Combine(dir, "ramp.nii.gz");
        var r = Run("volume", "convert", file, nii);
        SkipIfPlaceholder(r, "NRRD reader / NIfTI writer");
        Assert.True(r.ExitCode == 0, r.ToString());
        var back = Run("volume", "info", nii, "--json");
        SkipIfPlaceholder(back, "NIfTI reader");
        using var doc = JsonDocument.Parse(back.Out);
        var v = doc.RootElement.GetProperty("volumes")[0];
        Assert.Equal([2, 3, 4], v.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal([2.0, 0.75, 0.5], v.GetProperty("spacing").EnumerateArray().Select(x => x.GetDouble()));
    }

    [Fact]
    public void Volume_convert_refuses_an_nrrd_encoding_for_a_nifti_output()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var r = Run("volume", "convert", HandWrittenNrrd(dir), Path.Combine(dir, "x.nii"), "--encoding", "raw");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--encoding", r.ErrLines.Single());
    }

    [Fact]
    public void Synth_writes_a_tiny_cohort_in_the_lasc_layout()
    {
        var dir = TestSupport.TestPaths.NewTempDir();
        var r = Run("synth", "--out", dir, "--cases", "2", "--seed", "3");
        SkipIfPlaceholder(r, "synthetic cohort generator");
        Assert.True(r.ExitCode == 0, r.ToString());
        var found = CaseDiscovery.Discover(dir);
        Assert.Equal(DatasetLayout.Lasc, found.Layout);
        Assert.Equal(2, found.Cases.Count);
    }

    [Fact]
    public void Demo_refuses_fewer_than_four_cases_before_generating_anything()
    {
        // The demo trains and validates both stages (tests/VNetAtria.Tests/Pipeline runs the whole pipeline on a tiny
        // cohort); with fewer than 4 cases one split would be empty.
        var run = Path.Combine(TestSupport.TestPaths.NewTempDir(), "demo");
        var r = Run("demo", "--out", run, "--cases", "2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--cases must be at least 4", r.Err);
        Assert.False(Directory.Exists(Path.Combine(run, "data")));
    }
}
