using System.Runtime.InteropServices;

namespace VNetAtria.Training;

/// <summary>
/// Turns the first Ctrl+C (SIGINT; on Unix also what <c>kill -INT</c> sends) or, on Unix, the first SIGTERM (what
/// <c>kill</c>, systemd and batch schedulers such as Slurm send before they stop a job) into a cancellation request
/// for <see cref="Trainer.Train"/>, which then finishes the current batch, saves checkpoint-last and returns. A second
/// signal is left to the runtime and ends the process at once (the last checkpoint stays valid: writes are atomic).
/// SIGTERM also reaches a job started in the background by a non-interactive shell, which inherits SIGINT ignored.
/// </summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration? _terminate;

    /// <summary>Starts listening for Ctrl+C and SIGTERM.</summary>
    public ConsoleCancellation()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows())
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                if (_source.IsCancellationRequested) return;   // the second SIGTERM terminates as usual
                context.Cancel = true;
                Request();
            });
    }

    /// <summary>Cancelled after the first Ctrl+C or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Called once when cancellation is requested (e.g. to print "stopping after the current batch").</summary>
    public Action? Requested { get; init; }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        Request();
    }

    private void Request()
    {
        _source.Cancel();
        Requested?.Invoke();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        _source.Dispose();
    }
}
