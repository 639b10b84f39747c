namespace VNetAtria.Training;

/// <summary>
/// Turns the first Ctrl+C (SIGINT; on Unix also what <c>kill -INT</c> sends) into a cancellation request for
/// <see cref="Trainer.Train"/>, which then finishes the current batch, saves checkpoint-last and returns. A second Ctrl+C
/// is left to the runtime and ends the process at once (the last checkpoint stays valid: writes are atomic).
/// </summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    /// <summary>Starts listening for Ctrl+C.</summary>
    public ConsoleCancellation() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Cancelled at the first Ctrl+C.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Called once, on the signal's thread, when the first Ctrl+C arrives (e.g. to print "stopping after this batch").</summary>
    public Action? Requested { get; init; }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        _source.Cancel();
        Requested?.Invoke();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
