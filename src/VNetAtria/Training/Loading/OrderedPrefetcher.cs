using System.Diagnostics;

namespace VNetAtria.Training.Loading;

/// <summary>
/// Produces items first..end-1 on background threads and hands them out in index order, with at most
/// <c>capacity</c> items claimed but not yet taken (ready or in preparation), so memory stays bounded however slow
/// the consumer is. Which thread makes which item does not matter: each item is a pure function of its index.
/// Disposing cancels, waits for the workers to finish the item in hand (producers check the token between samples),
/// and disposes every item nobody took.
/// </summary>
internal sealed class OrderedPrefetcher<T> : IDisposable where T : class, IDisposable
{
    private readonly Func<int, CancellationToken, T> _produce;
    private readonly int _end;
    private readonly SemaphoreSlim _permits;
    private readonly CancellationTokenSource _cancel = new();
    private readonly object _gate = new(); // Monitor.Wait/PulseAll need an object monitor, not System.Threading.Lock
    private readonly Dictionary<int, T> _ready = [];
    private readonly Dictionary<int, Exception> _failed = [];
    private readonly Dictionary<int, TimeSpan> _prepareTimes = [];
    private readonly Thread[] _threads;
    private int _next;
    private int _inFlight;
    private bool _disposed;

    public OrderedPrefetcher(int first, int end, int workers, int capacity, Func<int, CancellationToken, T> produce)
    {
        _produce = produce;
        _end = end;
        _next = first;
        _permits = new SemaphoreSlim(capacity, capacity);
        _threads = new Thread[workers];
        for (var i = 0; i < workers; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"VNetAtria loader {i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Most items claimed and not yet taken at one time.</summary>
    public int PeakInFlight { get; private set; }

    /// <summary>Items currently ready or in preparation (for tests of the bound).</summary>
    public int InFlight { get { lock (_gate) return _inFlight; } }

    /// <summary>Waits for item <paramref name="index"/> (taken in order) and returns it with its preparation time.</summary>
    public (T Item, TimeSpan PrepareTime) Take(int index)
    {
        lock (_gate)
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_ready.Remove(index, out var item))
                {
                    _inFlight--;
                    _prepareTimes.Remove(index, out var time);
                    _permits.Release();
                    return (item, time);
                }
                if (_failed.Remove(index, out var error))
                    throw new InvalidOperationException($"Preparing batch {index} failed: {error.Message}", error);
                Monitor.Wait(_gate);
            }
        }
    }

    private void Work()
    {
        var token = _cancel.Token;
        try
        {
            while (true)
            {
                _permits.Wait(token);
                int index;
                lock (_gate)
                {
                    if (_next >= _end) { _permits.Release(); return; }
                    index = _next++;
                    _inFlight++;
                    PeakInFlight = Math.Max(PeakInFlight, _inFlight);
                }
                var watch = Stopwatch.StartNew();
                T? item = null;
                Exception? error = null;
                try { item = _produce(index, token); }
                catch (OperationCanceledException) when (token.IsCancellationRequested) { return; }
                catch (Exception e) { error = e; }
                lock (_gate)
                {
                    if (_disposed) { item?.Dispose(); return; }
                    if (item is not null) { _ready[index] = item; _prepareTimes[index] = watch.Elapsed; }
                    else _failed[index] = error!;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        _cancel.Cancel();
        foreach (var t in _threads) t.Join();
        lock (_gate)
        {
            foreach (var item in _ready.Values) item.Dispose();
            _ready.Clear();
        }
        _permits.Dispose();
        _cancel.Dispose();
    }
}
