using System.Text.Json;
using System.Text.Json.Nodes;
using VNetAtria.Notebooks.Tests.Running;

namespace VNetAtria.Notebooks.Tests;

/// <summary>The committed notebooks are Polyglot C# notebooks as VS Code writes them, with no stored outputs.</summary>
public sealed class NotebookFormatTests
{
    /// <summary>Every notebook in notebooks/, for theory data.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in NotebookPaths.AllNotebooks()) data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void The_notebooks_folder_has_the_first_notebook()
    {
        Assert.Contains("01-preprocessing.ipynb", NotebookPaths.AllNotebooks().Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_notebook_declares_the_polyglot_csharp_kernel(string fileName)
    {
        var root = Load(fileName);
        var metadata = root["metadata"]!;
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]?["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        Assert.Equal(4, (int?)root["nbformat"]);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_code_cell_is_csharp_and_stored_without_outputs(string fileName)
    {
        var cells = Load(fileName)["cells"]!.AsArray();
        Assert.NotEmpty(cells);
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i]!;
            var type = (string?)cell["cell_type"];
            Assert.True(type is "markdown" or "code", $"{fileName} cell {i}: cell_type '{type}' (expected markdown or code).");
            if (type != "code") continue;
            Assert.True((string?)cell["metadata"]?["dotnet_interactive"]?["language"] == "csharp",
                $"{fileName} cell {i}: metadata.dotnet_interactive.language must be csharp.");
            Assert.True((string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"] == "csharp",
                $"{fileName} cell {i}: metadata.polyglot_notebook.kernelName must be csharp.");
            Assert.True(cell["outputs"] is JsonArray { Count: 0 },
                $"{fileName} cell {i} has stored outputs: clear them before committing (VS Code: Clear All Outputs).");
            Assert.True(cell["execution_count"] is null, $"{fileName} cell {i} has an execution count: clear outputs before committing.");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void The_document_parser_sees_only_csharp_and_markdown_cells(string fileName)
    {
        var document = NotebookRunner.Parse(NotebookPaths.Notebook(fileName));
        Assert.All(document.Elements, e => Assert.True(
            e.KernelName == "markdown" || NotebookRunner.IsCSharp(e.KernelName), $"{fileName}: a cell of kernel '{e.KernelName}'."));
        Assert.Contains(document.Elements, e => NotebookRunner.IsCSharp(e.KernelName));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_notebook_references_the_build_output_by_a_relative_path(string fileName)
    {
        var code = string.Concat(NotebookRunner.Parse(NotebookPaths.Notebook(fileName)).Elements
            .Where(e => NotebookRunner.IsCSharp(e.KernelName)).Select(e => e.Contents + "\n"));
        var references = code.Split('\n').Where(l => l.TrimStart().StartsWith("#r ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(references);
        foreach (var line in references)
        {
            Assert.DoesNotContain("nuget:", line, StringComparison.Ordinal);
            var path = line.Trim()[3..].Trim().Trim('"');
            Assert.False(Path.IsPathRooted(path), $"{fileName}: '{line.Trim()}' must be relative to the notebooks folder.");
            var resolved = Path.GetFullPath(Path.Combine(NotebookPaths.NotebooksFolder, path));
            Assert.True(File.Exists(resolved), $"{fileName}: '{line.Trim()}' points at {resolved}, which the build did not produce.");
        }
    }

    private static JsonNode Load(string fileName) =>
        JsonNode.Parse(File.ReadAllText(NotebookPaths.Notebook(fileName)), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false })!;
}
