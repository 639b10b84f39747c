using System.Diagnostics;
using Plotly.NET;
using VNetAtria.Imaging.Formats;

namespace VNetAtria.Plotting;

/// <summary>
/// Renders charts to PNG with a local Chromium in headless mode: figures for papers, READMEs and CI checks, without a
/// network connection (plotly.js is inlined) and without extra packages. The browser is found at
/// <c>VNETATRIA_CHROMIUM</c>, then /usr/bin/chromium, chromium-browser, google-chrome (Debian: <c>apt-get install
/// chromium</c>). The sandbox is disabled and rendering is software-only, as containers and CI machines need.
/// </summary>
public static class ChartImages
{
    /// <summary>The environment variable that names the browser executable.</summary>
    public const string BrowserVariable = "VNETATRIA_CHROMIUM";

    private static readonly string[] Candidates =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    /// <summary>The browser executable, or null when none is installed.</summary>
    public static string? FindBrowser()
    {
        if (Environment.GetEnvironmentVariable(BrowserVariable) is { Length: > 0 } configured)
            return File.Exists(configured) ? configured : null;
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Renders <paramref name="chart"/> to a PNG file of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    /// <exception cref="ChartRenderingException">No browser, or the browser failed or wrote no image.</exception>
    public static void SavePng(GenericChart chart, string path, int width = 900, int height = 600, TimeSpan? timeout = null) =>
        SavePngFromFigureJson(ChartExport.ToJson(chart), path, width, height, timeout);

    /// <summary>
    /// Renders a Plotly figure given as JSON (<c>{"data": [...], "layout": {...}}</c>, as <see cref="ChartExport.ToJson"/>
    /// writes and notebook outputs embed) to a PNG file, atomically.
    /// </summary>
    /// <exception cref="ChartRenderingException">No browser, or the browser failed or wrote no image.</exception>
    public static void SavePngFromFigureJson(string figureJson, string path, int width = 900, int height = 600, TimeSpan? timeout = null)
    {
        if (width < 16 || height < 16) throw new ArgumentOutOfRangeException(nameof(width), $"The image must be at least 16 x 16 pixels, found {width} x {height}.");
        var browser = FindBrowser() ?? throw new ChartRenderingException(
            $"No Chromium found (looked at ${BrowserVariable}, {string.Join(", ", Candidates)}); install one (Debian: apt-get install chromium) or set {BrowserVariable}.");
        var work = Path.Combine(Path.GetTempPath(), "vnetatria-render-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var page = Path.Combine(work, "chart.html");
            File.WriteAllText(page, Page(figureJson, width, height));
            var shot = Path.Combine(work, "chart.png");
            Run(browser, work, page, shot, width, height, timeout ?? TimeSpan.FromSeconds(60));
            if (!File.Exists(shot) || new FileInfo(shot).Length == 0)
                throw new ChartRenderingException($"{browser} exited without writing {shot}.");
            AtomicFile.WriteAllBytes(path, File.ReadAllBytes(shot));
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { /* best effort: a temporary folder */ }
        }
    }

    private static void Run(string browser, string work, string page, string shot, int width, int height, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(browser)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                     "--hide-scrollbars", "--no-first-run", "--disable-extensions", "--mute-audio",
                     $"--user-data-dir={Path.Combine(work, "profile")}",
                     // Lets the page's scripts run (plotly draws synchronously after load) before the screenshot.
                     "--virtual-time-budget=4000",
                     $"--window-size={width},{height}", $"--screenshot={shot}", new Uri(page).AbsoluteUri,
                 })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new ChartRenderingException($"Could not start {browser}.");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new ChartRenderingException($"{browser} did not finish rendering within {timeout.TotalSeconds:F0} s.");
        }
        if (process.ExitCode != 0)
            throw new ChartRenderingException($"{browser} failed with exit code {process.ExitCode}: {Tail(stderr.Result)}");
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : text[^2000..].Trim();

    private static string Page(string figureJson, int width, int height)
    {
        var figure = figureJson.Replace("</", "<\\/", StringComparison.Ordinal);
        return $$"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><style>html, body { margin: 0; background: white; }</style>
            <script type="text/javascript">{{PlotlyJs.Value}}</script></head>
            <body><div id="chart" style="width: {{width}}px; height: {{height}}px;"></div>
            <script type="text/javascript">
            var figure = {{figure}};
            var layout = Object.assign({}, figure.layout || {}, { width: {{width}}, height: {{height}} });
            Plotly.newPlot('chart', figure.data, layout, { staticPlot: true });
            </script></body></html>
            """;
    }

    /// <summary>plotly.js from Plotly.NET's resources, safe to inline in a script element.</summary>
    private static readonly Lazy<string> PlotlyJs = new(() =>
        Reports.PlotlyJs.Script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A chart could not be rendered to an image (no browser, or the browser failed).</summary>
public sealed class ChartRenderingException(string message) : Exception(message);
