using System;
using System.Collections.Concurrent;
using System.Threading;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// At most <c>limit</c> dedicated background threads that run queued work items, started as items arrive. Exchanges
    /// use blocking sockets on them: on a loaded two-core machine a blocking exchange costs a fraction of the CPU of an
    /// asynchronous one, and blocking the shared thread pool instead would starve it. Work must not throw (an item that
    /// does is dropped, never crashing the process); <see cref="Dispose"/> stops the threads after their current item.
    /// </summary>
    internal sealed class ExchangeThreads<T> : IDisposable
    {
        private readonly BlockingCollection<T> _queue = new BlockingCollection<T>();
        private readonly Action<T, CancellationToken> _work;
        private readonly int _limit;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly CancellationTokenRegistration _caller;
        private int _started;
        private int _queued;

        public ExchangeThreads(int limit, Action<T, CancellationToken> work, CancellationToken cancellationToken)
        {
            _limit = Math.Max(1, limit);
            _work = work;
            _caller = cancellationToken.Register(() => _stop.Cancel());
        }

        /// <summary>Queues an item; called from one thread (the producer).</summary>
        public void Add(T item)
        {
            _queue.Add(item);
            // One more thread while there are more queued items than threads, up to the limit.
            if (Interlocked.Increment(ref _queued) > _started && _started < _limit)
            {
                _started++;
                new Thread(Drain) { IsBackground = true, Name = "PkiRevocation OCSP exchange" }.Start();
            }
        }

        /// <summary>No more items: the threads end when the queue is empty.</summary>
        public void CompleteAdding() => _queue.CompleteAdding();

        public void Dispose()
        {
            _caller.Dispose();
            _stop.Cancel();
            _queue.CompleteAdding();
        }

        private void Drain()
        {
            try
            {
                foreach (var item in _queue.GetConsumingEnumerable(_stop.Token))
                {
                    try
                    {
                        _work(item, _stop.Token);
                    }
                    catch (Exception ex) when (!(ex is OutOfMemoryException))
                    {
                        // The work records its own failures; anything escaping must not end the process.
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
