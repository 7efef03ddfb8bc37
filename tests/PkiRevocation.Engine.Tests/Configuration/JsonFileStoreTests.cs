using PkiRevocation.Configuration;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Configuration;

public class JsonFileStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public sealed class Doc
    {
        public List<string> Items { get; set; } = new();
    }

    /// <summary>The engine's options (camelCase, enums as names), resolving only <see cref="Doc"/>, as the engine's context resolves its own types.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions DocOptions = new(EngineJson.Options) { TypeInfoResolver = DocJsonContext.Default };

    private static JsonFileStore<Doc> Store(string path) => new(path, DocOptions);

    [Fact]
    public void Constructor_TypeTheContextDoesNotKnow_IsRefused() =>
        Assert.Throws<NotSupportedException>(() => new JsonFileStore<Doc>(_dir.File("doc.json")));

    [Fact]
    public void Read_MissingFile_GivesANewDocument() => Assert.Empty(Store(_dir.File("none.json")).Read().Items);

    [Fact]
    public void Update_WritesCamelCaseJsonAndLeavesNoTemporaryFiles()
    {
        var store = Store(_dir.File("sub/doc.json"));
        store.Update(d => { d.Items.Add("a"); return d; });
        Assert.Contains("\"items\"", File.ReadAllText(store.Path));
        Assert.Equal(new[] { "a" }, store.Read().Items);
        Assert.Empty(Directory.GetFiles(_dir.File("sub"), "*.tmp"));
    }

    [Fact]
    public void Read_CorruptFile_ThrowsWithThePathAndKeepsTheFile()
    {
        var path = _dir.File("corrupt.json");
        File.WriteAllText(path, "{ \"items\": [ ");
        var store = Store(path);
        var ex = Assert.Throws<ConfigurationCorruptException>(() => store.Read());
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message);
        Assert.Throws<ConfigurationCorruptException>(() => store.Update(d => d));
        Assert.Equal("{ \"items\": [ ", File.ReadAllText(path)); // never overwritten silently
    }

    [Fact]
    public void Update_ConcurrentWriters_LoseNothing()
    {
        var path = _dir.File("shared.json");
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            Store(path).Update(d => { d.Items.Add("item" + i); return d; }));
        Assert.Equal(40, Store(path).Read().Items.Distinct().Count());
    }

    [Fact]
    public void CrossProcessLock_HeldElsewhere_TimesOut()
    {
        var path = _dir.File("locked.json");
        using (CrossProcessLock.Acquire(path, TimeSpan.FromSeconds(1)))
        {
            var thread = new Thread(() => Assert.Throws<TimeoutException>(() => CrossProcessLock.Acquire(path, TimeSpan.FromMilliseconds(200))));
            thread.Start();
            thread.Join();
        }

        using (CrossProcessLock.Acquire(path, TimeSpan.FromSeconds(1))) { } // released
    }

    [Fact]
    public void Paths_Home_HoldsEveryLocation()
    {
        var paths = new PkiRevocationPaths(_dir.Path);
        Assert.True(paths.IsOverridden);
        Assert.StartsWith(_dir.Path, paths.ConfigurationFile(ConfigurationScope.AllUsers, "policies.json"));
        Assert.StartsWith(_dir.Path, paths.ConfigurationFile(ConfigurationScope.CurrentUser, "policies.json"));
        Assert.NotEqual(paths.ConfigurationDirectory(ConfigurationScope.AllUsers), paths.ConfigurationDirectory(ConfigurationScope.CurrentUser));
        Assert.StartsWith(_dir.Path, paths.CacheDirectory);
        Assert.StartsWith(_dir.Path, paths.StateDirectory);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonFileStoreTests.Doc))]
internal sealed partial class DocJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
