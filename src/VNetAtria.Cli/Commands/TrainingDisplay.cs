using Spectre.Console;
using VNetAtria.Data;
using VNetAtria.Training;

namespace VNetAtria.Cli.Commands;

/// <summary>
/// Shows a training run: interactive consoles get an epoch bar and a batch bar per stage (Spectre progress), log
/// lines above them; redirected output gets the log lines (one per epoch from the trainer) and coarse work lines.
/// </summary>
internal static class TrainingDisplay
{
    public static T Run<T>(CliContext ctx, Func<TrainingCallbacks, IProgress<WorkProgress>, Action<string>, T> work)
    {
        if (!ctx.Interactive)
        {
            var gate = new Lock();
            void Line(string s) { lock (gate) ctx.Output.WriteLine(s); }
            var lastWork = "";
            var progress = new Progress(w =>
            {
                if (w.Done == w.Total && w.Stage != lastWork) { lastWork = w.Stage; Line($"{w.Stage}: {w.Done}/{w.Total} done"); }
            });
            return work(new TrainingCallbacks(), progress, Line);
        }
        return ctx.Console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(p =>
            {
                ProgressTask? epochs = null, batches = null;
                var stage = "training";
                var tasks = new Dictionary<string, ProgressTask>();
                var callbacks = new TrainingCallbacks
                {
                    Batch = b =>
                    {
                        epochs ??= p.AddTask($"{stage} epochs", maxValue: b.MaxEpochs);
                        batches ??= p.AddTask($"{stage} batches", maxValue: b.BatchesPerEpoch);
                        epochs.MaxValue = b.MaxEpochs;
                        batches.MaxValue = b.BatchesPerEpoch;
                        batches.Value = b.Batch;
                        batches.Description = Markup.Escape($"{stage} epoch {b.Epoch}: batch {b.Batch}/{b.BatchesPerEpoch}, loss {b.Loss:F4}");
                    },
                    Epoch = r =>
                    {
                        if (epochs is null) return;
                        epochs.Value = r.Epoch;
                        epochs.Description = Markup.Escape($"{stage} epochs (val Dice {r.ValidationDice:F3})");
                    },
                };
                void Log(string line)
                {
                    if (line.StartsWith("locator: training", StringComparison.Ordinal) || line.StartsWith("segmenter: training", StringComparison.Ordinal))
                    {
                        stage = line[..line.IndexOf(':')];
                        epochs?.StopTask();
                        batches?.StopTask();
                        epochs = batches = null;
                    }
                    ctx.Console.MarkupLine(Markup.Escape(line));
                }
                var progress = new Progress(w =>
                {
                    if (!tasks.TryGetValue(w.Stage, out var t)) tasks[w.Stage] = t = p.AddTask(Markup.Escape(w.Stage), maxValue: Math.Max(1, w.Total));
                    t.Value = w.Done;
                });
                try { return work(callbacks with { Log = null }, progress, Log); }
                finally
                {
                    epochs?.StopTask();
                    batches?.StopTask();
                }
            });
    }

    private sealed class Progress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => report(value);
    }
}
