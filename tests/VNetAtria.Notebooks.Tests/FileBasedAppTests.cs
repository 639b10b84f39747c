using System.Diagnostics;
using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Plotting;
using VNetAtria.Preprocessing;

namespace VNetAtria.Notebooks.Tests;

/// <summary>
/// notebooks/scripts/01-preprocessing.cs, notebook 01 as a C# file-based app, runs with <c>dotnet run</c> and writes
/// the notebook's artefacts plus its charts as HTML and PNG files (notebooks/README.md, "Outside a notebook").
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class FileBasedAppTests(FileBasedAppTests.ScriptRun run) : IClassFixture<FileBasedAppTests.ScriptRun>
{
    /// <summary><c>dotnet run notebooks/scripts/01-preprocessing.cs -- RUNS</c>, once for the class.</summary>
    public sealed class ScriptRun : IAsyncLifetime
    {
        private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

        /// <summary>The artefact folder given to the script.</summary>
        public string Runs { get; } = NotebookPaths.NewTempDir("vnetatria-script-01");

        /// <summary>The script's stdout and stderr.</summary>
        public string Output { get; private set; } = "";

        /// <summary>The script's exit code.</summary>
        public int ExitCode { get; private set; } = -1;

        public async ValueTask InitializeAsync()
        {
            var script = Path.Combine(NotebookPaths.NotebooksFolder, "scripts", "01-preprocessing.cs");
            // From an unrelated folder: the script finds the repository and its project from its own path.
            var info = new ProcessStartInfo("dotnet", ["run", script, "--", Runs])
            {
                WorkingDirectory = Path.GetTempPath(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Output = $"dotnet run {script} did not finish in {Limit.TotalMinutes} min.";
                return;
            }
            Output = await stdout + await stderr;
            ExitCode = process.ExitCode;
            TestContext.Current.SendDiagnosticMessage($"scripts/01-preprocessing.cs: {watch.Elapsed.TotalSeconds:F1} s (build and run)");
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(Runs, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private string Step
    {
        get
        {
            Assert.True(run.ExitCode == 0, $"the script failed (exit {run.ExitCode}):\n{run.Output}");
            return Path.Combine(run.Runs, "01-preprocessing");
        }
    }

    [Fact]
    public void It_writes_the_notebooks_artefacts()
    {
        var statistics = PreprocessingJson.Read<NormalisationStatistics>(Path.Combine(Step, "normalisation-padded-training.json")).Validated();
        // 5 synthetic cases, 80 / 20 split: round(0.8 * 5) = 4 training cases, as notebook 01.
        Assert.Equal(4, statistics.CaseCount);
        Assert.True(statistics.StandardDeviation > 0);
        Assert.True(File.Exists(Path.Combine(Step, "padding-records.json")));
        Assert.Contains("every inverse exact", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slices", "contour")]
    [InlineData("histograms", "bar")]
    [InlineData("locator-input", "heatmap")]
    public void Each_chart_is_an_offline_html_document(string name, string traceType)
    {
        var html = File.ReadAllText(Path.Combine(Step, "charts", name + ".html"));
        Assert.Contains($"\"type\":\"{traceType}\"", html, StringComparison.Ordinal);
        // plotly.js inlined (megabytes), no script loaded from the network.
        Assert.True(html.Length > 1_000_000, $"{name}.html is {html.Length} characters: plotly.js not inlined?");
        Assert.DoesNotContain("<script src=\"http", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_slice_viewer_png_is_drawn()
    {
        if (ChartImages.FindBrowser() is null)
            Assert.Skip("No Chromium installed (apt-get install chromium; .ci/run installs it): the script wrote HTML only.");
        var png = PngSummary.Read(Path.Combine(Step, "charts", "slices.png"));
        Assert.Equal((1000, 650), (png.Width, png.Height));
        Assert.InRange(png.NonBackgroundFraction, 0.15, 0.98);
        Assert.True(png.DistinctColours > 100, $"only {png.DistinctColours} colours: a blank chart?");
    }
}
