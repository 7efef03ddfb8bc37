using PkiRevocation.Ocsp;
using Xunit;

namespace PkiRevocation.Engine.Tests.Ocsp;

/// <summary>Ordered work sharing: results in index order whoever computed them, every index once, failures surfaced.</summary>
public sealed class OrderedParallelTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(500, 0)]
    [InlineData(500, 3)]
    public void Map_AnyHelperCount_YieldsEveryIndexOnceInOrder(int count, int helpers)
    {
        var calls = new int[count];
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();

        var results = OrderedParallel.Map(count, i =>
        {
            Interlocked.Increment(ref calls[i]);
            threads[Environment.CurrentManagedThreadId] = true;
            Thread.SpinWait(2000);
            return i.ToString();
        }, helpers, CancellationToken.None).ToList();

        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString()), results);
        Assert.All(calls, c => Assert.Equal(1, c));
        if (helpers == 0 && count > 0) Assert.Single(threads);
    }

    [Fact]
    public void Map_WithHelpers_AnotherThreadComputesWhileTheFirstItemIsStillBeingComputed()
    {
        var consumer = Environment.CurrentManagedThreadId;
        using var helped = new ManualResetEventSlim();

        var results = OrderedParallel.Map(64, i =>
        {
            if (Environment.CurrentManagedThreadId != consumer) helped.Set();
            // Whoever computes item 0 waits for proof that a second thread works meanwhile (bounded, so a failure is a failure, not a hang).
            if (i == 0) Assert.True(helped.Wait(TimeSpan.FromSeconds(10)), "No helper computed anything while item 0 was being computed.");
            return i.ToString();
        }, 1, CancellationToken.None).ToList();

        Assert.Equal(64, results.Count);
    }

    [Fact]
    public void Map_ConsumerStopsEarly_HelpersStopTakingWork()
    {
        var calls = 0;

        var first = OrderedParallel.Map(100_000, i =>
        {
            Interlocked.Increment(ref calls);
            Thread.SpinWait(1000);
            return "x";
        }, 2, CancellationToken.None).Take(3).ToList();
        var afterStop = Volatile.Read(ref calls);
        Thread.Sleep(200);

        Assert.Equal(3, first.Count);
        Assert.True(Volatile.Read(ref calls) - afterStop <= 2, $"{Volatile.Read(ref calls) - afterStop} items were computed after the consumer stopped.");
        Assert.True(calls < 100_000);
    }

    [Fact]
    public void Map_WorkThrowsOnAHelper_TheConsumerSeesTheFailure()
    {
        var results = OrderedParallel.Map(64, i =>
        {
            if (i == 40) throw new FormatException("item 40");
            return "ok";
        }, 1, CancellationToken.None);

        var ex = Assert.ThrowsAny<Exception>(() => results.ToList());
        Assert.Contains("item 40", ex is FormatException ? ex.Message : ex.InnerException!.Message);
    }

    [Fact]
    public void Map_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => OrderedParallel.Map(64, i => i.ToString(), 1, cancellation.Token).ToList());
    }
}
