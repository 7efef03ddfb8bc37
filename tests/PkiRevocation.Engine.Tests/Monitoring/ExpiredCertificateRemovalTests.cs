using System.Security.Cryptography.X509Certificates;
using PkiRevocation.Certificates;
using PkiRevocation.Diagnostics;
using PkiRevocation.Monitoring;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>Remove-ExpiredCertificate against a real (per-test) CurrentUser store.</summary>
public sealed class ExpiredCertificateRemovalTests : IDisposable
{
    private static readonly DateTime T0 = MonitorTestBed.T0;
    private readonly string _storeName = "PkiRevTest" + Guid.NewGuid().ToString("N")[..10];
    private readonly MonitorTestBed _bed = new();

    public ExpiredCertificateRemovalTests()
    {
        using var store = new X509Store(_storeName, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(_bed.Expired!.Certificate);
        store.Add(_bed.Within7Days!.Certificate);
        store.Add(_bed.Valid.Certificate);
    }

    private string StoreUri => $"store://CurrentUser/{_storeName}";

    private string[] Thumbprints()
    {
        using var store = new X509Store(_storeName, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadOnly);
        return store.Certificates.Select(c => c.Thumbprint).OrderBy(t => t).ToArray();
    }

    [Fact]
    public void RemoveExpired_BacksUpThenRemovesOnlyExpired()
    {
        var backup = _bed.Home.File("backup");
        var request = new RemoveExpiredRequest(new CertificateStoreReference(_storeName, StoreLocation.CurrentUser), backup) { At = T0 };

        var outcomes = _bed.Monitor.RemoveExpired(request);

        var removed = Assert.Single(outcomes).Result!;
        Assert.Equal(MonitorTestBed.Thumbprint(_bed.Expired!), removed.Thumbprint);
        Assert.Equal(StoreUri, removed.Store);
        Assert.Equal(_bed.Expired!.Der, File.ReadAllBytes(removed.BackupPath));
        Assert.Equal(new[] { MonitorTestBed.Thumbprint(_bed.Within7Days!), MonitorTestBed.Thumbprint(_bed.Valid) }.OrderBy(t => t), Thumbprints());
    }

    [Fact]
    public void RemoveExpired_NamedCertificateNotExpired_IsNeverTouched()
    {
        var request = new RemoveExpiredRequest(new CertificateStoreReference(_storeName, StoreLocation.CurrentUser), _bed.Home.File("backup")) { At = T0 };
        request.Thumbprints.Add(MonitorTestBed.Thumbprint(_bed.Within7Days!));

        var failure = Assert.Single(_bed.Monitor.RemoveExpired(request)).Failure!;

        Assert.Equal(ErrorIds.CertificateNotExpired, failure.ErrorId);
        Assert.Equal(3, Thumbprints().Length);
        Assert.False(Directory.Exists(_bed.Home.File("backup")));
    }

    [Fact]
    public void RemoveExpired_ConfirmDeclined_LeavesTheStoreAsItIs()
    {
        var request = new RemoveExpiredRequest(new CertificateStoreReference(_storeName, StoreLocation.CurrentUser), _bed.Home.File("backup")) { At = T0, Confirm = _ => false };

        Assert.Empty(_bed.Monitor.RemoveExpired(request));
        Assert.Equal(3, Thumbprints().Length);
    }

    [Fact]
    public void MonitorRun_WithRemoveExpired_CleansMonitoredStores()
    {
        using var hook = new WebhookReceiver();
        var backup = _bed.Home.File("backup");
        _bed.Configure(new MonitorSettingsChange { Sources = new[] { StoreUri }, WebhookUri = hook.Url, RemoveExpired = true, BackupFolder = backup });

        var result = _bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.Sent, result.Outcome);
        var expired = result.Certificates.Single(c => c.Group == MonitorGroup.Expired);
        Assert.True(expired.Removed);
        Assert.Equal(_bed.Expired!.Der, File.ReadAllBytes(expired.BackupPath));
        Assert.False(result.Certificates.Single(c => c.Group == MonitorGroup.Within7Days).Removed);
        Assert.Equal(2, Thumbprints().Length);
    }

    [Fact]
    public void MonitorRun_WithRemoveExpired_KeepsACertificateWhoseNoticeWasNotDelivered()
    {
        using var hook = new WebhookReceiver { Status = System.Net.HttpStatusCode.InternalServerError };
        _bed.Configure(new MonitorSettingsChange { Sources = new[] { StoreUri }, WebhookUri = hook.Url, RemoveExpired = true, BackupFolder = _bed.Home.File("backup") });

        var failed = _bed.Run(T0);

        Assert.Equal(MonitorRunOutcome.SendFailed, failed.Outcome);
        Assert.All(failed.Certificates, c => Assert.False(c.Removed));
        Assert.Equal(3, Thumbprints().Length);

        hook.Status = System.Net.HttpStatusCode.OK;
        var delivered = _bed.Run(T0.AddHours(1));
        Assert.True(delivered.Certificates.Single(c => c.Group == MonitorGroup.Expired).Removed);
        Assert.Equal(2, Thumbprints().Length);
    }

    public void Dispose()
    {
        using (var store = new X509Store(_storeName, StoreLocation.CurrentUser))
        {
            store.Open(OpenFlags.ReadWrite);
            foreach (var certificate in store.Certificates) store.Remove(certificate);
        }

        if (!OperatingSystem.IsWindows())
        {
            var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "corefx", "cryptography", "x509stores", _storeName.ToLowerInvariant());
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }

        _bed.Dispose();
    }
}
