using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Spectre.Console;
using VNetAtria.Cli;
using VNetAtria.Imaging;
using VNetAtria.Imaging.Formats.Nrrd;
using VNetAtria.Tests.Plotting;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Cli;

/// <summary>
/// With --json every verb writes exactly one JSON document on standard output and nothing else: progress, warnings
/// and "Wrote ..." lines go to standard error, also on an interactive terminal; on failure standard output stays empty.
/// Each verb's document is checked against values computed here independently. `predict --json` needs a trained run
/// and is checked in <see cref="Pipeline.PipelineEndToEndTests"/>.
/// </summary>
[Collection(TorchGlobalRngCollection.Name)] // model summary and bench build models
public sealed class JsonOutputTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Standard output parsed as one JSON document (JsonDocument.Parse refuses anything after the first value).</summary>
    internal static JsonDocument SingleDocument(CliResult r)
    {
        Assert.True(r.Out.Length > 0, $"nothing on standard output: {r}");
        Assert.True(r.Out.TrimStart().StartsWith('{'), $"standard output does not start with the document: {r}");
        try { return JsonDocument.Parse(r.Out); }
        catch (JsonException e) { throw new Xunit.Sdk.XunitException($"standard output is not one JSON document ({e.Message}): {r}"); }
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    /// <summary>A 6x8x10 (D, H, W) uint8 label volume: 1 inside the box [d0, d0+3) x [2, 6) x [3, 8), 0 elsewhere.</summary>
    private static Volume<byte> Box(int d0, VolumeGeometry geometry)
    {
        var v = new Volume<byte>(new Shape3(6, 8, 10), geometry: geometry);
        for (var d = d0; d < d0 + 3; d++)
            for (var h = 2; h < 6; h++)
                for (var w = 3; w < 8; w++)
                    v[d, h, w] = 1;
        return v;
    }

    private static readonly VolumeGeometry Grid = new() { Spacing = new Spacing3(2.5, 0.75, 0.5), Origin = new Vector3d(1, -2, 30) };

    [Fact]
    public void Volume_info_json_is_the_only_output_and_gives_the_written_shape_spacing_and_origin()
    {
        var file = Path.Combine(_dir, "box.nrrd");
        NrrdWriter.Write(file, Box(1, Grid));

        var r = CliRunner.Run("volume", "info", file, "--json");

        using var doc = SingleDocument(r);
        Assert.Equal("", r.Err);
        var v = Assert.Single(doc.RootElement.GetProperty("volumes").EnumerateArray());
        Assert.Equal([6.0, 8, 10], Doubles(v.GetProperty("shape")));
        Assert.Equal([2.5, 0.75, 0.5], Doubles(v.GetProperty("spacing")));
        Assert.Equal([1.0, -2, 30], Doubles(v.GetProperty("origin")));
        Assert.Equal([0.0, 1], Doubles(v.GetProperty("statistics").GetProperty("distinctValues")));
        Assert.Equal(3 * 4 * 5 / 480.0, v.GetProperty("statistics").GetProperty("mean").GetDouble(), 12);
    }

    [Fact]
    public void Model_summary_json_is_the_only_output_and_counts_the_original_parameters()
    {
        var r = CliRunner.Run("model", "summary", "--json", "--input", "32,64,64", "--batch", "2");

        using var doc = SingleDocument(r);
        Assert.Equal("", r.Err);
        // The original VNet's published parameter count (width 8, one layer per stage).
        Assert.Equal(10_759_306, doc.RootElement.GetProperty("totalParameters").GetInt64());
        Assert.Equal([32.0, 64, 64], Doubles(doc.RootElement.GetProperty("input")));
        Assert.Equal(2, doc.RootElement.GetProperty("batch").GetInt32());
        Assert.Equal(4 * 10_759_306L, doc.RootElement.GetProperty("weightBytes").GetInt64());
    }

    [Fact]
    public void Bench_model_json_is_the_only_output_with_every_step_and_progress_goes_to_stderr()
    {
        var r = CliRunner.Run("bench", "model", "--input", "16,16,16", "--width", "1", "--iterations", "3", "--warmup", "1", "--device", "cpu", "--json");

        using var doc = SingleDocument(r);
        var root = doc.RootElement;
        Assert.Equal([16.0, 16, 16], Doubles(root.GetProperty("input")));
        Assert.Equal("train", root.GetProperty("step").GetString());
        var steps = Doubles(root.GetProperty("stepMs"));
        Assert.Equal(3, steps.Length);
        Assert.Single(Doubles(root.GetProperty("warmupMs")));
        Assert.Equal(steps.Order().ElementAt(1), root.GetProperty("medianMs").GetDouble()); // median of three
        Assert.Equal(3, root.GetProperty("residentBytes").GetArrayLength());
        Assert.Contains("Steps: 4/4", r.Err);
    }

    [Fact]
    public void Evaluate_json_is_the_only_output_with_the_hand_computed_dice_and_progress_goes_to_stderr()
    {
        // Boxes of 3x4x5 voxels at D 1 and D 2: they share 2 slices, so Dice = 2 * 40 / (60 + 60).
        var pred = Path.Combine(_dir, "pred.nrrd");
        var reference = Path.Combine(_dir, "ref.nrrd");
        NrrdWriter.Write(pred, Box(2, Grid));
        NrrdWriter.Write(reference, Box(1, Grid));
        var csv = Path.Combine(_dir, "metrics.csv");

        var r = CliRunner.Run("evaluate", "--pred", pred, "--ref", reference, "--json", "--out", csv);

        using var doc = SingleDocument(r);
        var c = Assert.Single(doc.RootElement.GetProperty("cases").EnumerateArray());
        Assert.Equal(2.0 * 40 / 120, c.GetProperty("dice").GetDouble(), 12);
        Assert.Equal(40.0 / 80, c.GetProperty("iou").GetDouble(), 12);
        Assert.Equal(2.5, c.GetProperty("hausdorffMm").GetDouble(), 9); // one slice of 2.5 mm
        Assert.Contains("Evaluating cases: 1/1", r.Err);
        Assert.Contains($"Wrote {csv}", r.Err);
        Assert.True(File.Exists(csv));
    }

    [Fact]
    public void Manifest_create_json_is_the_manifest_written_with_hashes_and_shapes_and_progress_goes_to_stderr()
    {
        var data = Path.Combine(_dir, "data");
        foreach (var id in new[] { "A", "B", "C", "D", "E" })
        {
            Directory.CreateDirectory(Path.Combine(data, id));
            NrrdWriter.Write(Path.Combine(data, id, "lgemri.nrrd"), Box(Math.Min(id[0] - 'A', 3), Grid));
            NrrdWriter.Write(Path.Combine(data, id, "laendo.nrrd"), Box(0, Grid));
        }
        var manifest = Path.Combine(_dir, "m.json");

        var r = CliRunner.Run("manifest", "create", data, "--out", manifest, "--split-seed", "3", "--json");

        using var doc = SingleDocument(r);
        using var written = JsonDocument.Parse(File.ReadAllText(manifest));
        Assert.Equal(written.RootElement.ToString(), doc.RootElement.ToString());
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(["A", "B", "C", "D", "E"], cases.Keys.Order());
        var imageC = Path.Combine(data, "C", "lgemri.nrrd");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(imageC))), cases["C"].GetProperty("image").GetProperty("sha256").GetString());
        Assert.Equal([6.0, 8, 10], Doubles(cases["C"].GetProperty("shape")));
        Assert.Equal([2.5, 0.75, 0.5], Doubles(cases["C"].GetProperty("spacing")));
        Assert.Contains("hashing: 10/10", r.Err);
        Assert.Contains($"Wrote {manifest}", r.Err);
    }

    [Fact]
    public void Manifest_verify_json_reports_ok_and_on_a_changed_file_reports_it_with_exit_1()
    {
        var data = Data.DataTestFiles.LascFolder("A", "B", "C");
        var manifest = Path.Combine(_dir, "m.json");
        Assert.Equal(0, CliRunner.Run("manifest", "create", data, "--out", manifest, "--no-geometry").ExitCode);

        var ok = CliRunner.Run("manifest", "verify", manifest, "--json");
        using (var doc = SingleDocument(ok))
        {
            Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(3, doc.RootElement.GetProperty("casesChecked").GetInt32());
            Assert.Equal(6, doc.RootElement.GetProperty("filesChecked").GetInt32());
            Assert.Empty(doc.RootElement.GetProperty("problems").EnumerateArray());
        }
        Assert.Contains("hashing: 6/6", ok.Err);

        File.AppendAllText(Path.Combine(data, "B", "laendo.nrrd"), "changed");
        var bad = CliRunner.Run("manifest", "verify", manifest, "--json");
        Assert.Equal(CliApp.Failure, bad.ExitCode);
        using (var doc = SingleDocument(bad))
        {
            Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
            var problem = Assert.Single(doc.RootElement.GetProperty("problems").EnumerateArray());
            Assert.Equal("B", problem.GetProperty("case").GetString());
            Assert.Equal("HashMismatch", problem.GetProperty("kind").GetString());
            Assert.Equal("B/laendo.nrrd", problem.GetProperty("path").GetString());
        }
        Assert.Single(bad.ErrLines, l => l.StartsWith("vnet-atria: error: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_json_is_the_only_output_with_each_runs_mean_and_std_of_its_cases()
    {
        var (attention, plain) = ReportRunFolders.WriteBoth(_dir);
        var html = Path.Combine(_dir, "r.html");

        var r = CliRunner.Run("report", attention, plain, "--no-original", "--json", "--html", html);

        using var doc = SingleDocument(r);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(x => x.GetProperty("run").GetString()!);
        Assert.Equal(["att3", "vnet-dice"], rows.Keys.Order());
        // vnet-dice's cases have Dice 0.6, 0.7, 0.8 (ReportRunFolders.PlainCases): mean 0.7, population std sqrt(0.02 / 3),
        // unrounded (the Markdown table shows 0.700 ± 0.082).
        var dice = rows["vnet-dice"].GetProperty("dice");
        Assert.Equal(0.7, dice.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(Math.Sqrt(0.02 / 3), dice.GetProperty("std").GetDouble(), 12);
        Assert.Equal(10_759_306, rows["vnet-dice"].GetProperty("parameters").GetInt64());
        Assert.Equal(45, rows["vnet-dice"].GetProperty("trainingSeconds").GetDouble());
        Assert.Equal(3, rows["att3"].GetProperty("cases").GetInt32());
        Assert.Contains($"Wrote {html}", r.Err);
    }

    public static TheoryData<string[], int> Failures() => new()
    {
        { ["volume", "info", "/nonexistent/x.nrrd", "--json"], CliApp.Failure },
        { ["evaluate", "--pred", "/nonexistent/p.nrrd", "--ref", "/nonexistent/r.nrrd", "--json"], CliApp.Failure },
        { ["manifest", "verify", "/nonexistent/m.json", "--json"], CliApp.Failure },
        { ["manifest", "create", "/nonexistent/data", "--json"], CliApp.Failure },
        { ["model", "summary", "--input", "88,640,640", "--json"], CliApp.Failure },
        { ["report", "/nonexistent/run", "--json"], CliApp.Failure },
        { ["predict", "--run", "/nonexistent/run", "--input", "/nonexistent/x.nrrd", "--out", "/nonexistent/out", "--json"], CliApp.Failure },
        { ["bench", "model", "--input", "15,16,16", "--json"], CliApp.Failure },
        { ["evaluate", "--pred", "p", "--json", "--no-such-option"], CliApp.BadUsage },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void On_failure_with_json_stdout_stays_empty_and_stderr_has_the_one_line_error(string[] args, int exitCode)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Equal("", r.Out);
        Assert.StartsWith("vnet-atria: error: ", r.ErrLines[0]);
    }

    [Fact]
    public void On_an_interactive_terminal_json_mode_draws_no_progress_bar_on_stdout()
    {
        var pred = Path.Combine(_dir, "pred.nrrd");
        NrrdWriter.Write(pred, Box(2, Grid));
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        // A console that would draw live bars (ANSI, interactive), as on a terminal.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(stdout),
        });
        var ctx = new CliContext(console, stdout, stderr, interactive: true);

        var code = CliApp.Run(["evaluate", "--pred", pred, "--ref", pred, "--json"], ctx);

        var r = new CliResult(code, stdout.ToString(), stderr.ToString());
        using var doc = SingleDocument(r);
        Assert.DoesNotContain('\u001b', r.Out);
        Assert.Equal(1.0, doc.RootElement.GetProperty("cases")[0].GetProperty("dice").GetDouble());
        Assert.Contains("Evaluating cases: 1/1", r.Err);
    }

    [Fact]
    public async Task The_built_command_prints_only_the_json_document_on_its_standard_output()
    {
        // The real process: Console.Out and Console.Error, not the in-process writers.
        var dll = Path.Combine(AppContext.BaseDirectory, "vnet-atria.dll");
        if (!File.Exists(dll)) Assert.Fail($"{dll} is missing: the test project references the CLI, so building it builds the CLI.");
        var pred = Path.Combine(_dir, "pred.nrrd");
        var reference = Path.Combine(_dir, "ref.nrrd");
        NrrdWriter.Write(pred, Box(2, Grid));
        NrrdWriter.Write(reference, Box(1, Grid));
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "evaluate", "--pred", pred, "--ref", reference, "--json" }) info.ArgumentList.Add(a);

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "vnet-atria did not finish in 2 minutes");
        var r = new CliResult(process.ExitCode, stdout, await stderr);

        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = SingleDocument(r);
        Assert.Equal(2.0 * 40 / 120, doc.RootElement.GetProperty("cases")[0].GetProperty("dice").GetDouble(), 12);
        Assert.Contains("Evaluating cases: 1/1", r.Err);
    }
}
