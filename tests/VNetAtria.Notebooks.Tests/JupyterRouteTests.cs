using System.Diagnostics;
using System.Text.Json.Nodes;
using VNetAtria.Notebooks.Tests.Running;

namespace VNetAtria.Notebooks.Tests;

/// <summary>
/// Route (b) of notebooks/README.md, for real: the pinned tool writes its Jupyter kernelspec (<c>.net-csharp</c>, the
/// name the notebooks carry) and Jupyter itself (<c>jupyter nbconvert --execute</c>, the same kernelspec discovery and
/// ZeroMQ messaging VS Code's Jupyter extension and JupyterLab use) runs notebook 01 through it. Skips without
/// <c>jupyter-nbconvert</c> (Debian package; .ci/run installs it).
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class JupyterRouteTests(JupyterRouteTests.ExecutedNotebook run) : IClassFixture<JupyterRouteTests.ExecutedNotebook>
{
    private const string NbConvert = "/usr/bin/jupyter-nbconvert";
    private const string Notebook = "01-preprocessing.ipynb";

    /// <summary>The kernelspec installed into a folder of its own and notebook 01 executed through it, once for the class.</summary>
    public sealed class ExecutedNotebook : IAsyncLifetime
    {
        public string Work { get; } = NotebookPaths.NewTempDir("vnetatria-jupyter");

        /// <summary>The executed notebook, or null when a step failed (see <see cref="Log"/>).</summary>
        public JsonNode? Executed { get; private set; }

        /// <summary>What the tool and nbconvert printed, or why a step failed.</summary>
        public string Log { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            if (!File.Exists(NbConvert) || DotnetInteractiveTool.UnavailableReason is not null) return; // the tests skip
            var token = TestContext.Current.CancellationToken;
            try
            {
                // The kernelspec goes to this run's folder (JUPYTER_PATH), never to the user's Jupyter folders; the
                // tool wants the folder to exist.
                var kernels = Directory.CreateDirectory(Path.Combine(Work, "kernels")).FullName;
                Log += await RunAsync(DotnetInteractiveTool.StartInfo("jupyter", "install", "--path", kernels), TimeSpan.FromMinutes(2), token);
                var output = Path.Combine(Work, "executed.ipynb");
                var execute = new ProcessStartInfo(NbConvert, ["--to", "notebook", "--execute", Notebook, "--output", output, "--ExecutePreprocessor.timeout=600"])
                {
                    WorkingDirectory = NotebookPaths.NotebooksFolder,
                };
                execute.Environment["JUPYTER_PATH"] = Work;
                execute.Environment[NotebookChain.RunsVariable] = Path.Combine(Work, "runs");
                execute.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
                var watch = Stopwatch.StartNew();
                Log += await RunAsync(execute, TimeSpan.FromMinutes(10), token);
                TestContext.Current.SendDiagnosticMessage($"jupyter nbconvert --execute {Notebook} with the .net-csharp kernelspec: {watch.Elapsed.TotalSeconds:F1} s");
                Executed = JsonNode.Parse(await File.ReadAllTextAsync(output, token));
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.Text.Json.JsonException)
            {
                Log += e.Message;
            }
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(Work, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private void SkipUnlessRun()
    {
        if (!File.Exists(NbConvert)) Assert.Skip($"No {NbConvert} (Debian: apt-get install jupyter-nbconvert; .ci/run installs it): the Jupyter route is not checked.");
        DotnetInteractiveTool.SkipUnlessAvailable();
        Assert.True(run.Executed is not null, "nbconvert wrote no executed notebook:\n" + run.Log);
    }

    private IEnumerable<JsonNode> CodeCells() => run.Executed!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code")!;

    [Fact]
    public void The_kernelspec_names_the_kernel_the_notebooks_ask_for()
    {
        SkipUnlessRun();
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Work, "kernels", ".net-csharp", "kernel.json")))!;
        Assert.Equal(["dotnet", "interactive", "jupyter"], spec["argv"]!.AsArray().Take(3).Select(a => (string?)a));
        Assert.Equal(".net-csharp", (string?)run.Executed!["metadata"]?["kernelspec"]?["name"]);
    }

    [Fact]
    public void Every_code_cell_ran_without_an_error()
    {
        SkipUnlessRun();
        var cells = CodeCells().ToList();
        Assert.Equal(Enumerable.Range(1, cells.Count), cells.Select(c => (int?)c["execution_count"] ?? 0));
        var errors = cells.SelectMany(c => c["outputs"]!.AsArray()).Where(o => (string?)o!["output_type"] == "error").ToList();
        Assert.True(errors.Count == 0, $"{(string?)errors.FirstOrDefault()?["ename"]}: {(string?)errors.FirstOrDefault()?["evalue"]}");
    }

    [Fact]
    public void Every_chart_is_drawn_and_nothing_is_unavailable()
    {
        SkipUnlessRun();
        var html = CodeCells().SelectMany(c => c["outputs"]!.AsArray())
            .Select(o => o!["data"]?["text/html"]).Where(h => h is not null)
            .Select(h => h is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)h ?? "").ToList();
        // Notebook 01 draws four charts: the volume's mid-slices, the slice viewer, the histograms, the locator input.
        Assert.Equal(4, html.Count(h => NotebookFigures.FigureJson(h) is not null));
        Assert.DoesNotContain(html, h => h.Contains("unavailable", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void No_cell_prints_to_stderr()
    {
        // Jupyter shows a compiler warning as stderr under the cell (CS1701 did, before Show() returned object).
        SkipUnlessRun();
        var stderr = CodeCells().SelectMany(c => c["outputs"]!.AsArray())
            .Where(o => (string?)o!["output_type"] == "stream" && (string?)o["name"] == "stderr").ToList();
        Assert.True(stderr.Count == 0, "stderr: " + stderr.FirstOrDefault()?["text"]?.ToJsonString());
    }

    private static async Task<string> RunAsync(ProcessStartInfo info, TimeSpan limit, CancellationToken token)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(token);
        var stderr = process.StandardError.ReadToEndAsync(token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{output}");
        return output;
    }
}
