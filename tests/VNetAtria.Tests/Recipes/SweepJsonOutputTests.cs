using VNetAtria.Tests.Cli;
using VNetAtria.Tests.TestSupport;

namespace VNetAtria.Tests.Recipes;

/// <summary>
/// `sweep plan --json` and `sweep status --json` write one JSON document on standard output and nothing else, and the
/// document is the graph the definition asks for: one locator task, one segmenter task per grid entry, one report.
/// </summary>
public sealed class SweepJsonOutputTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("vnetatria-sweep-json");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Plan_and_status_json_are_the_only_output_and_list_every_task_of_the_grid()
    {
        var (basePath, grid) = TinySweep.Write(_dir, "grid", ("dice", ["segmenter.loss.kind=dice"]), ("focal", ["segmenter.loss.kind=focal"]));
        var folder = Path.Combine(_dir, "sweep");

        var planned = CliRunner.Run("sweep", "plan", "--base", basePath, "--grid", grid, "--out", folder, "--json");

        Assert.Equal(0, planned.ExitCode);
        using (var doc = JsonOutputTests.SingleDocument(planned))
        {
            var tasks = doc.RootElement.GetProperty("tasks").EnumerateArray().ToList();
            Assert.Equal(["locator", "segmenter", "segmenter", "report"], tasks.Select(t => t.GetProperty("kind").GetString()));
            Assert.Equal(["dice", "focal"], tasks.Where(t => t.GetProperty("kind").GetString() == "segmenter").Select(t => t.GetProperty("name").GetString()));
            Assert.All(tasks.Where(t => t.GetProperty("kind").GetString() == "segmenter"), t => Assert.True(File.Exists(t.GetProperty("config").GetString())));
        }

        var status = CliRunner.Run("sweep", "status", folder, "--json");

        Assert.Equal(0, status.ExitCode);
        Assert.Equal("", status.Err);
        using (var doc = JsonOutputTests.SingleDocument(status))
        {
            var tasks = doc.RootElement.GetProperty("tasks").EnumerateArray().ToList();
            Assert.Equal(4, tasks.Count);
            Assert.All(tasks, t => Assert.Equal("queued", t.GetProperty("state").GetString()));
        }
    }
}
