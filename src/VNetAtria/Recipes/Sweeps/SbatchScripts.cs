using System.Globalization;
using System.Text;

namespace VNetAtria.Recipes.Sweeps;

/// <summary>Which earlier job a script waits for, if any.</summary>
public enum SbatchDependency
{
    /// <summary>Starts at once.</summary>
    None,
    /// <summary>Waits for the locator job to succeed (<c>--dependency=afterok:&lt;locator&gt;</c>).</summary>
    AfterLocatorOk,
    /// <summary>Waits for every segmenter task to end, however it ended (<c>--dependency=afterany:&lt;array&gt;</c>).</summary>
    AfterSegmentersAny,
}

/// <summary>One sbatch script of a sweep.</summary>
/// <param name="Task">"locator", "segmenters" or "report".</param>
/// <param name="Path">Where it is written: slurm/&lt;task&gt;.sbatch.</param>
/// <param name="Text">The script.</param>
/// <param name="Dependency">What it waits for; the job id is given on sbatch's command line when it is known.</param>
public sealed record SbatchScript(string Task, string Path, string Text, SbatchDependency Dependency)
{
    /// <summary>The sbatch command line that submits it, with the dependency's job id (or a placeholder such as &lt;locator job&gt;).</summary>
    public IReadOnlyList<string> SubmitCommand(string? dependencyJob)
    {
        var args = new List<string> { "sbatch", "--parsable" };
        if (Dependency != SbatchDependency.None && dependencyJob is not null)
            args.Add(Dependency == SbatchDependency.AfterLocatorOk ? $"--dependency=afterok:{dependencyJob}" : $"--dependency=afterany:{dependencyJob}");
        args.Add(Path);
        return args;
    }
}

/// <summary>
/// The sbatch scripts of a sweep: one job for the locator stage, one job array for the segmenter runs (throttled with
/// %N, after the locator succeeded), one report job after the array (afterany: it reports whatever finished). Every
/// task is <c>vnet-atria sweep run</c> with resume semantics, <c>--requeue</c>, output appended to the sweep's logs/,
/// and <c>--signal=B:TERM@N</c> before the time limit.
/// <para>
/// The script checks on the node that the sweep folder and vnet-atria are there (a clear error in the task's output when
/// a node does not mount them), then <c>exec</c>s vnet-atria so that it <em>is</em> the batch shell: the time-limit
/// signal (B: sends it to the batch shell only) reaches it, and requeue, preemption and scancel, which signal every
/// process of the job, reach it once. A trap that forwarded SIGTERM to a child would deliver a second SIGTERM on
/// requeue, and a second SIGTERM ends vnet-atria at once instead of after its checkpoint.
/// </para>
/// </summary>
public static class SbatchScripts
{
    /// <summary>The scripts for the tasks that still have to run: the locator when <paramref name="locator"/>, the
    /// segmenters at <paramref name="segmenterIndices"/> (none: no array), and the report.</summary>
    /// <param name="plan">The sweep (with its recorded <see cref="SweepPlan.Cli"/>).</param>
    /// <param name="options">Resources and settings.</param>
    /// <param name="locator">Whether to include the locator job.</param>
    /// <param name="segmenterIndices">The array indices of the segmenter runs to submit.</param>
    /// <param name="cli">How the node starts vnet-atria.</param>
    public static IReadOnlyList<SbatchScript> Build(SweepPlan plan, SlurmOptions options, bool locator, IReadOnlyList<int> segmenterIndices, IReadOnlyList<string> cli)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        var scripts = new List<SbatchScript>();
        var slurm = System.IO.Path.Combine(plan.Folder, SweepNames.SlurmFolder);
        if (locator && plan.Locator is not null)
            scripts.Add(new SbatchScript("locator", System.IO.Path.Combine(slurm, "locator.sbatch"),
                Script(plan, options, cli, "locator", "the shared locator: train it, then plan the crops of every case",
                    [Directive("--output", plan.LogFile(plan.Locator))], "--task locator", training: true),
                SbatchDependency.None));
        if (segmenterIndices.Count > 0)
        {
            var array = ArraySpec(segmenterIndices) + (options.Throttle is { } t ? $"%{t.ToString(CultureInfo.InvariantCulture)}" : "");
            var runs = string.Join(", ", segmenterIndices.Select(i => $"{i} {plan.Segmenter(i).Name}"));
            scripts.Add(new SbatchScript("segmenters", System.IO.Path.Combine(slurm, "segmenters.sbatch"),
                Script(plan, options, cli, "segmenters", $"the segmenter runs, one array task each ({runs}): train, predict and evaluate",
                    [$"--array={array}", Directive("--output", System.IO.Path.Combine(plan.Folder, SweepNames.LogsFolder, "segmenter-%a.out")), "--kill-on-invalid-dep=yes"],
                    "--array-index \"$SLURM_ARRAY_TASK_ID\"", training: true),
                locator && plan.Locator is not null ? SbatchDependency.AfterLocatorOk : SbatchDependency.None));
        }
        scripts.Add(new SbatchScript("report", System.IO.Path.Combine(slurm, "report.sbatch"),
            Script(plan, options, cli, "report", "the results table and the HTML report of every finished run",
                [Directive("--output", plan.LogFile(plan.Report))], "--task report", training: false),
            segmenterIndices.Count > 0 ? SbatchDependency.AfterSegmentersAny : SbatchDependency.None));
        return scripts;
    }

    /// <summary>Slurm's array index list, ranges compressed: [0,1,2,5,7,8] gives "0-2,5,7-8".</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }

    /// <summary>
    /// An #SBATCH option with a path: sbatch splits directives on whitespace but honours double quotes (measured with
    /// Slurm 22.05: <c>--output="/a b/it's.out"</c> works, <c>--output=/a b/x</c> is an invalid directive).
    /// </summary>
    /// <exception cref="ArgumentException">The value holds a double quote or a line break, which no directive can carry.</exception>
    public static string Directive(string option, string value)
    {
        if (value.Any(c => c is '"' or '\n' or '\r'))
            throw new ArgumentException($"{value}: a path with a double quote or a line break cannot be written into an #SBATCH line; use a sweep folder without them.", nameof(value));
        return value.Any(c => char.IsWhiteSpace(c) || c is '\'') ? $"{option}=\"{value}\"" : $"{option}={value}";
    }

    /// <summary>A job name from the sweep's name: letters, digits, '.', '_' and '-' kept, anything else '_'.</summary>
    public static string JobName(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);

    /// <summary>A word for bash: single-quoted, with embedded single quotes escaped.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Script(SweepPlan plan, SlurmOptions o, IReadOnlyList<string> cli, string task, string what,
        IReadOnlyList<string> own, string taskArguments, bool training)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append(CultureInfo.InvariantCulture, $"# vnet-atria sweep '{plan.Name}': {what}.\n");
        sb.Append(CultureInfo.InvariantCulture, $"# Written by vnet-atria for {plan.Folder}; see docs/sweeps.md.\n");
        var lines = new List<string> { $"--job-name={JobName(plan.Name)}-{task}" };
        lines.AddRange(own);
        lines.Add("--open-mode=append");
        if (training) lines.AddRange(["--requeue", $"--signal=B:TERM@{o.SignalSeconds.ToString(CultureInfo.InvariantCulture)}"]);
        if (o.Partition is { } partition) lines.Add($"--partition={partition}");
        if (o.Account is { } account) lines.Add($"--account={account}");
        if (o.Time is { } time) lines.Add($"--time={time}");
        lines.Add($"--cpus-per-task={(training ? o.CpusPerTask ?? 1 : 1).ToString(CultureInfo.InvariantCulture)}");
        if (training && o.Memory is { } memory) lines.Add($"--mem={memory}");
        if (training && o.Gres is { } gres) lines.Add($"--gres={gres}");
        lines.AddRange(o.ExtraLines.Select(SlurmOptions.ExtraLine));
        foreach (var line in lines) sb.Append("#SBATCH ").Append(line).Append('\n');
        sb.Append('\n');
        sb.Append("set -u\n");
        sb.Append(CultureInfo.InvariantCulture, $"SWEEP={Quote(plan.Folder)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"CLI=({string.Join(' ', cli.Select(Quote))})\n");
        sb.Append("""
            # The sweep folder must be on a filesystem every node mounts, and vnet-atria installed where every node sees it.
            if [ ! -f "$SWEEP/sweep.json" ]; then
              echo "vnet-atria sweep: error: the sweep folder $SWEEP is not visible on $(hostname) (no sweep.json there); put it on a filesystem every node mounts (docs/sweeps.md)" >&2
              exit 1
            fi
            if [ ! -x "${CLI[0]}" ] || { [ ${#CLI[@]} -gt 1 ] && [ ! -f "${CLI[1]}" ]; }; then
              echo "vnet-atria sweep: error: cannot run ${CLI[*]} on $(hostname); install vnet-atria where every node sees it and submit with --cli PATH" >&2
              exit 1
            fi
            # torch's CPU threads: the cores Slurm gave the task (a config's "threads" wins).
            if [ -n "${SLURM_CPUS_PER_TASK:-}" ]; then export OMP_NUM_THREADS=$SLURM_CPUS_PER_TASK; fi
            # exec: vnet-atria becomes the batch shell, so each of Slurm's signals reaches it exactly once.

            """);
        sb.Append(CultureInfo.InvariantCulture, $"exec \"${{CLI[@]}}\" sweep run \"$SWEEP\" {taskArguments}{(training ? " --slurm-requeue" : "")}\n");
        return sb.ToString();
    }
}
