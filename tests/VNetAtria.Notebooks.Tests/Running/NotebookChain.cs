namespace VNetAtria.Notebooks.Tests.Running;

/// <summary>
/// The ordered notebooks run once each, in order, in one shared artefact folder, as a user runs them: 03 reads what
/// 02 saved, and so on. A test asks for a notebook's run; every earlier notebook of the chain runs first (once per
/// test process), so test classes can be run alone or together in any order. A failed notebook fails every later one
/// with the same cell error instead of running them against missing artefacts.
/// </summary>
public static class NotebookChain
{
    /// <summary>The environment variable the notebooks read for their artefact folder.</summary>
    public const string RunsVariable = "VNETATRIA_NOTEBOOK_RUNS";

    /// <summary>The notebooks in the order a user runs them.</summary>
    public static IReadOnlyList<string> Order { get; } =
    [
        "01-preprocessing.ipynb",
        "02-locator-training.ipynb",
        "03-cropping.ipynb",
        "04-segmenter-training.ipynb",
        "05-evaluation.ipynb",
        "06-ablations.ipynb",
    ];

    /// <summary>
    /// When set, the chain's artefact folder is created here and kept (CI keeps it to compare the notebooks' metrics
    /// files before and after a change); otherwise it is a temporary folder deleted at exit.
    /// </summary>
    public const string KeepRunsVariable = "VNETATRIA_NOTEBOOK_KEEP_RUNS";

    private static readonly Lazy<string> SharedRuns = new(() =>
    {
        if (Environment.GetEnvironmentVariable(KeepRunsVariable) is { Length: > 0 } kept)
        {
            Directory.CreateDirectory(kept);
            return Path.GetFullPath(kept);
        }
        var runs = NotebookPaths.NewTempDir();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(runs, recursive: true); }
            catch (IOException) { /* best effort: a temporary folder */ }
        };
        return runs;
    });

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, Task<NotebookRun>> Runs = new(StringComparer.Ordinal);

    /// <summary>The artefact folder every notebook of the chain writes to (a temporary folder of this process).</summary>
    public static string RunsFolder => SharedRuns.Value;

    /// <summary>Runs <paramref name="fileName"/> after every notebook before it in <see cref="Order"/> (each once).</summary>
    public static async Task<NotebookRun> RunAsync(string fileName)
    {
        var position = Order.ToList().IndexOf(fileName);
        if (position < 0) throw new ArgumentException($"{fileName} is not in the notebook chain ({string.Join(", ", Order)}).", nameof(fileName));
        NotebookRun? last = null;
        for (var i = 0; i <= position; i++) last = await RunOneAsync(Order[i]);
        return last!;
    }

    private static async Task<NotebookRun> RunOneAsync(string fileName)
    {
        Task<NotebookRun> task;
        await Gate.WaitAsync();
        try
        {
            if (!Runs.TryGetValue(fileName, out task!))
            {
                task = RunInSharedFolderAsync(fileName);
                Runs[fileName] = task;
            }
        }
        finally
        {
            Gate.Release();
        }
        return await task;
    }

    /// <summary>
    /// Where each chain run appends "notebook, cells, charts, seconds" (tab-separated) when set, so CI can print what
    /// the notebooks cost in the tool kernel without a test logger.
    /// </summary>
    public const string TimingsVariable = "VNETATRIA_NOTEBOOK_TIMINGS";

    private static async Task<NotebookRun> RunInSharedFolderAsync(string fileName)
    {
        var run = await RunWithArtefactsInAsync(fileName, RunsFolder);
        if (Environment.GetEnvironmentVariable(TimingsVariable) is { Length: > 0 } timings)
        {
            var charts = run.OfMimeType("text/html").Count(o => o.Value.Contains("Plotly.newPlot", StringComparison.Ordinal));
            File.AppendAllText(timings, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{fileName}\t{run.Cells.Count}\t{charts}\t{run.Elapsed.TotalSeconds:F1}\n"));
        }
        return run;
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> alone with <paramref name="runsFolder"/> as its artefact folder (e.g. an empty
    /// one, to see what a notebook does when the earlier ones have not run). The notebooks read the folder from
    /// <see cref="RunsVariable"/>, which is set in the kernel's environment.
    /// </summary>
    public static Task<NotebookRun> RunWithArtefactsInAsync(string fileName, string runsFolder, CancellationToken cancellationToken = default) =>
        NotebookRunner.RunAsync(NotebookPaths.Notebook(fileName), new Dictionary<string, string> { [RunsVariable] = runsFolder }, cancellationToken);
}
