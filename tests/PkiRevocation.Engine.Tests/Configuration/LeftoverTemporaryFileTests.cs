using System.Net;
using PkiRevocation.Configuration;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Configuration;

/// <summary>
/// A writer killed (kill -9) between writing its temporary file and replacing the target leaves ".name.guid.tmp"
/// behind; one held an older credential. The next write, under the same lock, removes them.
/// </summary>
public sealed class LeftoverTemporaryFileTests : IDisposable
{
    private readonly TempDirectory _dir = new("pkirev-leftovers");

    public void Dispose() => _dir.Dispose();

    private string Leftover(string target, string content)
    {
        var path = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void JsonFileStore_Update_RemovesTheTemporaryFilesOfKilledWriters()
    {
        var target = _dir.File("policies.json");
        var store = new JsonFileStore<PkiRevocation.Sessions.SessionConfiguration>(target);
        var first = Leftover(target, "{\"half\":");
        var second = Leftover(target, "{}");
        var notOurs = _dir.File(".policies.json.backup.tmp");
        File.WriteAllText(notOurs, "kept");

        store.Update(d => d);

        Assert.False(File.Exists(first));
        Assert.False(File.Exists(second));
        Assert.True(File.Exists(notOurs)); // not the name a writer gives its temporary file
        Assert.True(File.Exists(target));
    }

    [Fact]
    public void CredentialSave_RemovesALeftoverHoldingAnOlderSecret()
    {
        var target = _dir.File(Path.Combine("CurrentUser", "monitor.credential"));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var old = Leftover(target, "{\"userName\":\"ops\",\"protection\":\"OwnerOnlyFile\",\"secret\":\"b2xkLXNlY3JldA==\"}");

        ProtectedCredentialFile.Save(target, ConfigurationScope.CurrentUser, new NetworkCredential("ops", "new-secret"));

        Assert.False(File.Exists(old));
        Assert.Equal("new-secret", ProtectedCredentialFile.Load(target, ConfigurationScope.CurrentUser).Password);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public void CredentialSave_CurrentUserFolderBecomesOwnerOnlyWhateverTheUmask()
    {
        if (OperatingSystem.IsWindows()) return; // Windows: the file's private ACL (ProtectedCredentialFile.RestrictAcl)
        var folder = Directory.CreateDirectory(_dir.File("CurrentUser")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("777", 8)); // as created under umask 000
        var target = Path.Combine(folder, "monitor.credential");

        ProtectedCredentialFile.Save(target, ConfigurationScope.CurrentUser, new NetworkCredential("ops", "secret"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
    }
}
