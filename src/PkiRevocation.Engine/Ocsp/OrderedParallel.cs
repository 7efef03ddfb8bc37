using System;
using System.Collections.Generic;
using System.Threading;

namespace PkiRevocation.Ocsp
{
    /// <summary>
    /// work(0), work(1), … yielded in index order, computed by the consuming thread and helper threads that take the
    /// next index in turn. The first result comes as soon as it is computed (no batch has to finish first) and every
    /// core shares the rest; the consumer only waits when a helper holds the very item it needs next.
    /// </summary>
    internal static class OrderedParallel
    {
        /// <summary>Helpers start only for at least this many items (a thread is not worth it for a few).</summary>
        private const int MinimumForHelpers = 8;

        public static IEnumerable<T> Map<T>(int count, Func<int, T> work, int helpers, CancellationToken cancellationToken) where T : class
        {
            var state = new State<T>(count, work);
            var threads = count >= MinimumForHelpers ? Math.Min(helpers, count / MinimumForHelpers) : 0;
            for (var h = 0; h < threads; h++) new Thread(state.Drain) { IsBackground = true, Name = "PkiRevocation OCSP preparation" }.Start();
            return Consume(state, cancellationToken);
        }

        private static IEnumerable<T> Consume<T>(State<T> state, CancellationToken cancellationToken) where T : class
        {
            try
            {
                for (var k = 0; k < state.Results.Length; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    T? item;
                    while ((item = Volatile.Read(ref state.Results[k])) == null)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (state.Failure != null) throw new InvalidOperationException("Preparing a certificate failed unexpectedly.", state.Failure);
                        // Take the next index ourselves; when none is left, a helper is finishing item k (one item's work).
                        if (!state.TakeOne() && !Thread.Yield()) Thread.SpinWait(20);
                    }

                    yield return item;
                }
            }
            finally
            {
                state.Stop();
            }
        }

        private sealed class State<T> where T : class
        {
            private readonly Func<int, T> _work;
            private int _next = -1;
            private int _stopped;

            public State(int count, Func<int, T> work)
            {
                Results = new T?[count];
                _work = work;
            }

            public T?[] Results { get; }

            public Exception? Failure { get; private set; }

            public void Stop() => Volatile.Write(ref _stopped, 1);

            /// <summary>Computes the next unclaimed item; false when none is left (or the consumer stopped).</summary>
            public bool TakeOne()
            {
                if (Volatile.Read(ref _stopped) != 0) return false;
                var i = Interlocked.Increment(ref _next);
                if (i >= Results.Length) return false;
                Volatile.Write(ref Results[i], _work(i));
                return true;
            }

            public void Drain()
            {
                try
                {
                    while (TakeOne())
                    {
                    }
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    Failure = ex;
                }
            }
        }
    }
}
