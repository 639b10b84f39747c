using System.Text.Json.Nodes;
using VNetAtria.Notebooks.Tests.Running;

namespace VNetAtria.Notebooks.Tests;

/// <summary>
/// The runner executes cells in order in one dotnet-interactive kernel process and stops at the first failing cell,
/// naming it; the kernel quits when the run ends.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly string folder = NotebookPaths.NewTempDir("vnetatria-runner");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Cells_share_state_and_their_outputs_come_back_with_mime_types()
    {
        var path = Write(("markdown", "# title"), ("csharp", "var x = 20 + 1;"), ("csharp", "Console.Write(\"hello\");\nx * 2"));
        var run = await NotebookRunner.RunAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([1, 2], run.Cells.Select(c => c.CellIndex));
        Assert.Equal("hello", run.StandardOutput);
        var returned = Assert.Single(run.Cells[1].Outputs, o => o.Kind == NotebookOutputKind.Returned);
        Assert.True(returned.MimeType == "text/html" && returned.Value.Contains("42", StringComparison.Ordinal), $"{returned.MimeType}: {returned.Value}");
    }

    [Fact]
    public async Task Relative_paths_resolve_against_the_notebook_folder_and_the_environment_reaches_the_kernel()
    {
        File.WriteAllText(Path.Combine(folder, "beside.txt"), "found");
        var path = Write(("csharp", "Console.Write(System.IO.File.ReadAllText(\"beside.txt\") + \" \" + Environment.GetEnvironmentVariable(\"VNETATRIA_RUNNER_TEST\"))"));
        var run = await NotebookRunner.RunAsync(path, new Dictionary<string, string> { ["VNETATRIA_RUNNER_TEST"] = "passed" }, TestContext.Current.CancellationToken);
        Assert.Equal("found passed", run.StandardOutput);
    }

    [Fact]
    public async Task The_kernel_exits_when_told_to_quit()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        var kernel = await StdioKernel.StartAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        var events = await kernel.SubmitAsync("1 + 1", TestContext.Current.CancellationToken);
        Assert.Equal("CommandSucceeded", events[^1].EventType);
        await kernel.DisposeAsync();
        Assert.True(kernel.ExitedOnQuit, "the kernel had to be killed after Quit.");
    }

    [Fact]
    public void Lines_that_are_not_event_envelopes_are_skipped()
    {
        Assert.Null(StdioKernel.Parse("Welcome to .NET Interactive!"));
        Assert.Null(StdioKernel.Parse("{ not json"));
        Assert.Null(StdioKernel.Parse("{\"token\":\"a\",\"commandType\":\"SubmitCode\",\"command\":{}}"));
        var e = StdioKernel.Parse("{\"event\":{\"executionOrder\":0},\"eventType\":\"CommandSucceeded\",\"command\":{\"token\":\"t1\",\"commandType\":\"SubmitCode\",\"command\":{}},\"routingSlip\":[]}");
        Assert.Equal(("CommandSucceeded", "t1"), (e!.EventType, e.Token));
    }

    [Fact]
    public async Task A_compile_error_fails_with_the_cell_index_source_and_diagnostic()
    {
        var path = Write(("csharp", "var ok = 1;"), ("markdown", "text"), ("csharp", "int y = \"not a number\";"), ("csharp", "var never = 3;"));
        var error = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookRunner.RunAsync(path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(2, error.CellIndex);
        Assert.Contains("cell 2 failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("int y = \"not a number\";", error.Message, StringComparison.Ordinal);
        Assert.Contains("CS0029", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_in_a_cell_fails_with_its_type_and_message()
    {
        var path = Write(("csharp", "throw new InvalidOperationException(\"boom from the cell\");"));
        var error = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookRunner.RunAsync(path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(0, error.CellIndex);
        Assert.Contains("InvalidOperationException", error.Error, StringComparison.Ordinal);
        Assert.Contains("boom from the cell", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_of_another_language_is_refused()
    {
        var path = Write(("fsharp", "let x = 1"));
        var error = await Assert.ThrowsAsync<NotebookCellFailedException>(() => NotebookRunner.RunAsync(path, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("C# cells only", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A Polyglot notebook with the given (kernel, source) cells, as VS Code writes it.</summary>
    private string Write(params (string Kernel, string Source)[] cells)
    {
        var array = new JsonArray();
        foreach (var (kernel, source) in cells)
        {
            array.Add(kernel == "markdown"
                ? new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["execution_count"] = null,
                    ["metadata"] = new JsonObject
                    {
                        ["dotnet_interactive"] = new JsonObject { ["language"] = kernel },
                        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel },
                    },
                    ["outputs"] = new JsonArray(),
                    ["source"] = source,
                });
        }
        var notebook = new JsonObject
        {
            ["cells"] = array,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "csharp" } },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 2,
        };
        var path = Path.Combine(folder, $"test-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }
}
