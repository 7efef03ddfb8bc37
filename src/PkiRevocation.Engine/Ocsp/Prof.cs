using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
namespace PkiRevocation.Ocsp
{
    public static class Prof
    {
        static readonly ConcurrentDictionary<string, long[]> D = new ConcurrentDictionary<string, long[]>();
        static readonly Stopwatch Clock = Stopwatch.StartNew();
        public static long Now => Stopwatch.GetTimestamp();
        public static void Add(string name, long start) { var a = D.GetOrAdd(name, _ => new long[2]); System.Threading.Interlocked.Add(ref a[0], Stopwatch.GetTimestamp() - start); System.Threading.Interlocked.Increment(ref a[1]); }
        public static void Mark(string name) => Console.Error.WriteLine($"@{(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms {name}");
        public static void Dump() { foreach (var kv in D.OrderBy(k => k.Key)) Console.Error.WriteLine($"{kv.Key,-30} {kv.Value[0] * 1000.0 / Stopwatch.Frequency,9:0.0} ms  n={kv.Value[1]}"); }
    }
}
