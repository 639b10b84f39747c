using System.Text.RegularExpressions;
using VNetAtria.Plotting;

namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// Renders a notebook's chart output to PNG with the local Chromium (<see cref="ChartImages"/>), as the notebook
/// would look in an editor, and summarises the image so a test can tell a drawn chart from a blank one. The PNGs go
/// to <c>VNETATRIA_NOTEBOOK_FIGURES</c> when set (CI keeps them; the README's figures come from there), else to a
/// temporary folder.
/// </summary>
public static partial class NotebookFigures
{
    /// <summary>The environment variable naming the folder the PNGs are kept in.</summary>
    public const string FiguresVariable = "VNETATRIA_NOTEBOOK_FIGURES";

    [GeneratedRegex(@"var figure = (\{.*?\});\r?\n", RegexOptions.Singleline)]
    private static partial Regex FigureLine();

    /// <summary>The Plotly figure JSON embedded in a chart output's HTML (ChartExport.ToNotebookHtml), or null.</summary>
    public static string? FigureJson(string html) => FigureLine().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// Renders the first HTML output of <paramref name="run"/> that contains <paramref name="marker"/> (e.g. a trace
    /// type) to <c>&lt;name&gt;.png</c> and returns its summary. Skips the test with a message when no Chromium is installed.
    /// </summary>
    public static PngSummary Render(NotebookRun run, string marker, string name, int width = 1000, int height = 650)
    {
        if (ChartImages.FindBrowser() is null)
            Assert.Skip("No Chromium installed (apt-get install chromium; .ci/run installs it): the chart is checked as HTML only.");
        var html = run.OfMimeType("text/html").Select(o => o.Value)
            .FirstOrDefault(v => v.Contains(marker, StringComparison.Ordinal) && FigureJson(v) is not null)
            ?? throw new InvalidOperationException($"{Path.GetFileName(run.Path)} has no chart output containing '{marker}'.");
        var folder = Environment.GetEnvironmentVariable(FiguresVariable) is { Length: > 0 } kept ? kept : NotebookPaths.NewTempDir("vnetatria-figures");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        ChartImages.SavePngFromFigureJson(FigureJson(html)!, path, width, height);
        return PngSummary.Read(path);
    }

    /// <summary>
    /// <see cref="Render"/>, then checks the image is a drawn chart: at least <paramref name="minNonBackground"/> of
    /// its pixels differ from the background and it has more than <paramref name="minColours"/> colours (a blank or
    /// failed plot has almost only background pixels).
    /// </summary>
    public static PngSummary RenderDrawn(NotebookRun run, string marker, string name, double minNonBackground, int minColours = 20)
    {
        var png = Render(run, marker, name);
        Assert.InRange(png.NonBackgroundFraction, minNonBackground, 0.98);
        Assert.True(png.DistinctColours > minColours, $"only {png.DistinctColours} colours in {name}.png: a blank chart?");
        return png;
    }
}
