using VNetAtria.Cli;
using VNetAtria.Tests.Plotting;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Cli;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string root = TestPaths.NewTempDir("vnetatria-report-cli");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Report_html_writes_one_self_contained_page_of_every_run_and_prints_the_table()
    {
        var (attention, plain) = ReportRunFolders.WriteBoth(root);
        var output = Path.Combine(root, "ablation.html");
        var result = CliRunner.Run("report", attention, plain, "--html", output, "--title", "My ablation");
        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.Contains("| att3 |", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Wrote {output}", result.Err, StringComparison.Ordinal);
        var html = File.ReadAllText(output);
        Assert.Contains("<title>My ablation</title>", html, StringComparison.Ordinal);
        Assert.Contains("<td>att3</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>vnet-dice</td>", html, StringComparison.Ordinal);
        Assert.Contains("original 2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_html_with_no_original_leaves_out_the_published_rows()
    {
        var (attention, _) = ReportRunFolders.WriteBoth(root);
        var output = Path.Combine(root, "one.html");
        var result = CliRunner.Run("report", attention, "--html", output, "--no-original");
        Assert.True(result.ExitCode == CliApp.Ok, result.ToString());
        Assert.DoesNotContain("original 4", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_of_a_missing_run_folder_fails_with_exit_1_naming_it_and_writes_nothing()
    {
        var (attention, _) = ReportRunFolders.WriteBoth(root);
        var missing = Path.Combine(root, "absent");
        var output = Path.Combine(root, "report.html");
        var result = CliRunner.Run("report", attention, missing, "--html", output);
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Contains(missing, result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Report_of_an_incomplete_run_folder_fails_with_exit_1_naming_the_missing_file()
    {
        var (_, plain) = ReportRunFolders.WriteBoth(root);
        File.Delete(Path.Combine(plain, "run-summary.json"));
        var result = CliRunner.Run("report", plain, "--html", Path.Combine(root, "r.html"));
        Assert.Equal(CliApp.Failure, result.ExitCode);
        Assert.Contains("run-summary.json", result.Err, StringComparison.Ordinal);
        Assert.Contains(plain, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_without_a_run_or_without_the_html_file_name_is_bad_usage()
    {
        Assert.Equal(CliApp.BadUsage, CliRunner.Run("report", "--html", Path.Combine(root, "r.html")).ExitCode);
        var (attention, _) = ReportRunFolders.WriteBoth(root);
        Assert.Equal(CliApp.BadUsage, CliRunner.Run("report", attention, "--html").ExitCode);
    }
}
