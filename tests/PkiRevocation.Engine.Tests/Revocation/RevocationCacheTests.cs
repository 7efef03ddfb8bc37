using PkiRevocation.Configuration;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Revocation;

public sealed class RevocationCacheTests : IDisposable
{
    private static readonly DateTime Now = new(2030, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _home = new("cache");

    public void Dispose() => _home.Dispose();

    private RevocationCache NewCache() => new(new PkiRevocationPaths(_home.Path), new FixedClock(Now));

    [Fact]
    public async Task ConcurrentWritersAndReaders_NeverSeeHalfAnEntry()
    {
        const string url = "http://127.0.0.1/ca.crl";
        var bodies = Enumerable.Range(0, 4).Select(i => Enumerable.Repeat((byte)(i + 1), 200_000 + i * 1000).ToArray()).ToArray();
        NewCache().Store(RevocationCacheKind.Crl, url, bodies[0], Now, Now.AddDays(1), "\"e0\"", null);
        var failures = new List<string>();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            var cache = NewCache(); // each with its own instance, as separate processes would
            for (var i = 0; i < 25; i++) cache.Store(RevocationCacheKind.Crl, url, bodies[(w + i) % 4], Now, Now.AddDays(1), $"\"e{w}\"", null);
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var cache = NewCache();
            for (var i = 0; i < 50; i++)
            {
                var read = cache.TryRead(RevocationCacheKind.Crl, url);
                if (read == null) { lock (failures) failures.Add("an entry vanished"); continue; }
                if (!bodies.Any(b => b.AsSpan().SequenceEqual(read.Content))) lock (failures) failures.Add("a torn body");
                if (read.Entry.Size != read.Content.Length) lock (failures) failures.Add("metadata of another body");
            }
        }));

        await Task.WhenAll(writers.Concat(readers));

        Assert.Empty(failures);
        Assert.Single(NewCache().List());
    }

    [Fact]
    public void List_MarksEntriesPastNextUpdateExpired_ClearExpiredOnlyRemovesThose()
    {
        var cache = NewCache();
        cache.Store(RevocationCacheKind.Crl, "http://a/old.crl", [1, 2, 3], Now.AddDays(-9), Now.AddDays(-2), null, null);
        cache.Store(RevocationCacheKind.Crl, "http://a/new.crl", [4, 5], Now.AddDays(-1), Now.AddDays(6), null, null);
        cache.Store(RevocationCacheKind.Ocsp, "http://ocsp/a|01", [6], Now, Now.AddHours(4), null, null);

        var expired = cache.List(null, expiredOnly: true);
        var removed = cache.Clear(expiredOnly: true);

        Assert.Equal("http://a/old.crl", Assert.Single(expired).Url);
        Assert.Equal("http://a/old.crl", Assert.Single(removed).Url);
        Assert.Equal(2, cache.List().Count);
        Assert.Single(cache.List(RevocationCacheKind.Ocsp));
    }

    [Fact]
    public void TamperedBody_IsNotServed()
    {
        var cache = NewCache();
        cache.Store(RevocationCacheKind.Crl, "http://a/ca.crl", [1, 2, 3], Now, Now.AddDays(1), null, null);
        File.WriteAllBytes(cache.List().Single().Path, [9, 9, 9]);

        Assert.Null(cache.TryRead(RevocationCacheKind.Crl, "http://a/ca.crl"));
    }
}
