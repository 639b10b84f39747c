using Spectre.Console;
using VNetAtria.Data;

namespace VNetAtria.Cli;

/// <summary>
/// Shows the progress of library work: live Spectre bars with ETA on an interactive terminal; on redirected output
/// (logs, CI, tests) plain lines at every quarter of the work instead, so nothing depends on cursor control.
/// With --json both go where <see cref="CliContext"/> sends them: plain lines on standard error.
/// </summary>
internal static class CliProgress
{
    public static T Run<T>(CliContext ctx, Func<IProgress<WorkProgress>, T> work)
    {
        if (!ctx.Interactive)
            return work(new LineSink(ctx.Output));
        return ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress => work(new SpectreSink(progress)));
    }

    public static void Run(CliContext ctx, Action<IProgress<WorkProgress>> work) =>
        Run<object?>(ctx, p => { work(p); return null; });

    /// <summary>Adapts an item-name progress (the synthetic cohort's) to counted progress.</summary>
    public static IProgress<string> Counting(IProgress<WorkProgress> inner, string stage, int total)
    {
        var done = 0;
        return new Sink<string>(item => inner.Report(new WorkProgress(stage, Interlocked.Increment(ref done), total, item)));
    }

    private sealed class Sink<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private sealed class SpectreSink(ProgressContext context) : IProgress<WorkProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];
        private readonly Lock _gate = new();

        public void Report(WorkProgress value)
        {
            lock (_gate)
            {
                if (!_tasks.TryGetValue(value.Stage, out var task))
                    _tasks[value.Stage] = task = context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.Total));
                task.Value = Math.Max(task.Value, value.Done);
            }
        }
    }

    private sealed class LineSink(TextWriter output) : IProgress<WorkProgress>
    {
        private readonly Dictionary<string, int> _lastQuarter = [];
        private readonly Lock _gate = new();

        public void Report(WorkProgress value)
        {
            lock (_gate)
            {
                var quarter = value.Total <= 0 ? 4 : (int)(4L * value.Done / value.Total);
                if (_lastQuarter.TryGetValue(value.Stage, out var last) && quarter <= last) return;
                _lastQuarter[value.Stage] = quarter;
                output.WriteLine($"{value.Stage}: {value.Done}/{value.Total}");
            }
        }
    }
}
