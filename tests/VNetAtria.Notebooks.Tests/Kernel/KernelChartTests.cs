using VNetAtria.Notebooks.Tests.Running;
using VNetAtria.Plotting;
using VNetAtria.Plotting.Interactive;

namespace VNetAtria.Notebooks.Tests.Kernel;

/// <summary>
/// Every chart of VNetAtria.Plotting draws in the pinned dotnet-interactive kernel (FSharp.Core 10.0) when a chart
/// builder, not the formatters, is the first thing a cell touches, and comes out byte for byte as in this process
/// (FSharp.Core 10.1); bare chart values and Show() draw; the kernel keeps its one FSharp.Core. <see cref="ChartGallery"/>
/// is the code both processes run.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class KernelChartTests(KernelChartTests.GalleryRun gallery) : IClassFixture<KernelChartTests.GalleryRun>
{
    /// <summary>
    /// One kernel, run once for the class: the gallery as its first cell (writing every figure's JSON and the report),
    /// the FSharp.Core copies it has, VNetAtriaFormatters.Register(), each chart as a bare cell value, then Show().
    /// </summary>
    public sealed class GalleryRun : IAsyncLifetime
    {
        public string Folder { get; } = NotebookPaths.NewTempDir("vnetatria-kernel-charts");

        public List<(string Source, IReadOnlyList<NotebookOutput> Outputs)> Cells { get; } = [];

        public IReadOnlyList<(string Name, string TraceType, Plotly.NET.GenericChart Chart)> Local { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            Local = ChartGallery.Charts();
            if (DotnetInteractiveTool.UnavailableReason is not null) return; // each test skips with the reason
            var gallery = await File.ReadAllTextAsync(Path.Combine(NotebookPaths.RepoRoot, "tests", "VNetAtria.Notebooks.Tests", "Kernel", "ChartGallery.cs"));
            string[] sources =
            [
                // The first cell touches the chart builders directly: no VNetAtriaFormatters.Register() before.
                References("VNetAtria", "VNetAtria.Plotting", "Plotly.NET") + "\n" + gallery + $"\nChartGallery.Write(@\"{Folder}\")",
                "Console.Write(string.Join(\";\", AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName()).Where(n => n.Name == \"FSharp.Core\").Select(n => n.Version)))",
                "VNetAtria.Plotting.Interactive.VNetAtriaFormatters.Register();",
                .. Local.Select((_, i) => $"ChartGallery.Charts()[{i}].Chart"),
                "VNetAtria.Plotting.Interactive.NotebookCharts.Show(() => ChartGallery.Charts()[0].Chart)",
            ];
            await using var kernel = await StartAsync();
            for (var i = 0; i < sources.Length; i++)
                Cells.Add((sources[i], NotebookRunner.Read("kernel-charts", i, sources[i], await kernel.SubmitAsync(sources[i], TestContext.Current.CancellationToken)).Outputs));
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(Folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The #r lines of the assemblies the gallery uses, from this build's output (the folder the notebooks reference).</summary>
    internal static string References(params string[] assemblies) =>
        string.Join("\n", assemblies.Select(a => $"#r \"{Path.Combine(AppContext.BaseDirectory, a + ".dll")}\""));

    internal static async Task<StdioKernel> StartAsync()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        return await StdioKernel.StartAsync(NotebookPaths.NotebooksFolder, cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Every_chart_builder_makes_the_same_figure_json_in_the_kernel_as_with_fsharp_core_10_1()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        Assert.Equal(12, gallery.Local.Count);
        foreach (var (name, type, chart) in gallery.Local)
        {
            var json = ChartExport.ToJson(chart);
            Assert.Contains($"\"type\":\"{type}\"", json, StringComparison.Ordinal);
            Assert.True(json == File.ReadAllText(Path.Combine(gallery.Folder, name + ".json")), $"{name}: the kernel's figure JSON differs from this process's.");
        }
    }

    [Fact]
    public void The_html_report_is_the_same_in_the_kernel()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        var report = File.ReadAllText(Path.Combine(gallery.Folder, ChartGallery.ReportFile));
        Assert.Contains("Plotly.newPlot", report, StringComparison.Ordinal);
        // Identical but for the minute it was written.
        static string Undated(string html) => System.Text.RegularExpressions.Regex.Replace(html, @"written \d{4}-\d\d-\d\d \d\d:\d\d UTC", "written (time) UTC");
        Assert.Equal(Undated(ChartGallery.Report()), Undated(report));
    }

    [Fact]
    public void The_kernel_keeps_its_one_fsharp_core_10_0()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        Assert.Equal("10.0.0.0", string.Concat(gallery.Cells[1].Outputs.Where(o => o.Kind == NotebookOutputKind.StandardOutput).Select(o => o.Value)));
    }

    [Fact]
    public void A_cell_whose_value_is_a_chart_shows_the_plotly_figure()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        for (var i = 0; i < gallery.Local.Count; i++)
        {
            var html = Assert.Single(gallery.Cells[3 + i].Outputs, o => o.Kind == NotebookOutputKind.Returned && o.MimeType == "text/html").Value;
            Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
            // ToNotebookHtml embeds the figure with "</" escaped for the script element.
            Assert.Equal(ChartExport.ToJson(gallery.Local[i].Chart).Replace("</", "<\\/", StringComparison.Ordinal), NotebookFigures.FigureJson(html));
        }
    }

    [Fact]
    public void Show_draws_the_chart()
    {
        DotnetInteractiveTool.SkipUnlessAvailable();
        var html = Assert.Single(gallery.Cells[^1].Outputs, o => o.Kind == NotebookOutputKind.Returned && o.MimeType == "text/html").Value;
        Assert.Equal(ChartExport.ToJson(gallery.Local[0].Chart).Replace("</", "<\\/", StringComparison.Ordinal), NotebookFigures.FigureJson(html));
        Assert.DoesNotContain(gallery.Cells.SelectMany(c => c.Outputs), o => o.Value.Contains(NotebookCharts.UnavailableMarker, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Plotly_net_used_before_the_library_fails_and_show_then_says_why()
    {
        // The limit of the fix: code that reaches Plotly.NET before anything of VNetAtria.Plotting runs loads a second
        // FSharp.Core. The notebooks' first cell calls VNetAtriaFormatters.Register(); Show() then explains the case.
        await using var kernel = await StartAsync();
        var token = TestContext.Current.CancellationToken;
        var first = References("VNetAtria.Plotting", "Plotly.NET") + "\nPlotly.NET.GenericChart.ofTraceObject(true, new Plotly.NET.Trace2D(\"scatter\"))";
        var failed = await kernel.SubmitAsync(first, token);
        Assert.Equal("CommandFailed", failed[^1].EventType);
        Assert.Contains("Giraffe.ViewEngine", (string?)failed[^1].Event["message"], StringComparison.Ordinal);
        const string show = "VNetAtria.Plotting.Interactive.NotebookCharts.Show(() => Plotly.NET.GenericChart.ofTraceObject(true, new Plotly.NET.Trace2D(\"scatter\")))";
        var shown = NotebookRunner.Read("plotly-first", 1, show, await kernel.SubmitAsync(show, token)).Outputs;
        var html = Assert.Single(shown, o => o.MimeType == "text/html").Value;
        Assert.Contains(NotebookCharts.UnavailableMarker, html, StringComparison.Ordinal);
        Assert.Contains("loaded 2 FSharp.Core copies (10.0.0.0, 10.1.0.0)", html, StringComparison.Ordinal);
    }
}
