using VNetAtria.Training.Loading;

namespace VNetAtria.Tests.Training.Loading;

public class OrderedPrefetcherTests
{
    private sealed class Item(int index, Counter counter) : IDisposable
    {
        public int Index { get; } = index;
        public void Dispose() => Interlocked.Increment(ref counter.Disposed);
    }

    private sealed class Counter
    {
        public int Produced;
        public int Disposed;
    }

    [Fact]
    public void Items_come_in_index_order_whatever_order_the_workers_finish_in()
    {
        var counter = new Counter();
        using var prefetcher = new OrderedPrefetcher<Item>(3, 20, workers: 4, capacity: 3, (i, _) =>
        {
            Thread.Sleep((i * 7) % 5); // uneven work: later items often finish first
            Interlocked.Increment(ref counter.Produced);
            return new Item(i, counter);
        });
        for (var i = 3; i < 20; i++)
        {
            var (item, _) = prefetcher.Take(i);
            Assert.Equal(i, item.Index);
            Assert.InRange(prefetcher.InFlight, 0, 3);
        }
        Assert.InRange(prefetcher.PeakInFlight, 1, 3);
    }

    [Fact]
    public void Disposing_stops_the_workers_and_disposes_every_item_nobody_took()
    {
        var counter = new Counter();
        var prefetcher = new OrderedPrefetcher<Item>(0, 1000, workers: 2, capacity: 4, (i, _) =>
        {
            Interlocked.Increment(ref counter.Produced);
            return new Item(i, counter);
        });
        var (first, _) = prefetcher.Take(0);
        first.Dispose();
        SpinWait.SpinUntil(() => prefetcher.InFlight == 4, 5000);
        prefetcher.Dispose();
        Assert.InRange(counter.Produced, 1, 5); // the bound held: at most capacity ahead of the one taken
        Assert.Equal(counter.Produced, counter.Disposed);
    }
}
