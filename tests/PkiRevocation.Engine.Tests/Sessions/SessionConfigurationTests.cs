using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;
using Xunit;
using static PkiRevocation.Engine.Tests.Sessions.SessionTestBed;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>sessions.json: settings and registry per scope, validated, atomic, corrupt files kept.</summary>
public sealed class SessionConfigurationTests : IDisposable
{
    private readonly SessionTestBed _bed = new();

    [Fact]
    public void GetSettings_NothingStored_AreTheRequirementDefaults()
    {
        var settings = _bed.Service().GetSettings();

        Assert.True(settings.CertificateValidityCheck);
        Assert.Equal(TimeSpan.FromHours(6), settings.MinimumSessionAge);
        Assert.Equal(new[] { SessionKind.Ldap, SessionKind.IPsec }, settings.Kinds);
        Assert.Null(settings.RevocationPolicy);
    }

    [Fact]
    public void SetSettings_Persisted_CurrentUserWinsOverAllUsers()
    {
        _bed.Revocation.WithPolicy("Machine", enabled: true, TimeSpan.FromHours(1));
        _bed.Service().SetSettings(ConfigurationScope.AllUsers, s => s.RevocationPolicy = "Machine");
        Assert.Equal("Machine", _bed.Service().GetSettings().RevocationPolicy);

        _bed.Service().SetSettings(ConfigurationScope.CurrentUser, s =>
        {
            s.CertificateValidityCheck = false;
            s.ValidityCheckFrequency = TimeSpan.FromHours(12);
            s.Kinds = new[] { SessionKind.Cti, SessionKind.Ldap, SessionKind.IPsec };
        });

        var effective = _bed.Service().GetSettings();
        Assert.False(effective.CertificateValidityCheck);
        Assert.Equal(TimeSpan.FromHours(12), effective.ValidityCheckFrequency);
        Assert.Contains(SessionKind.Cti, effective.Kinds);
        Assert.Null(effective.RevocationPolicy);
        Assert.Equal("Machine", _bed.Service().GetSettings(ConfigurationScope.AllUsers).RevocationPolicy);
        Assert.True(File.Exists(_bed.Paths.ConfigurationFile(ConfigurationScope.CurrentUser, "sessions.json")));
    }

    [Fact]
    public void SetSettings_UnknownRevocationPolicy_ThrowsPolicyNotFound_AndWritesNothing()
    {
        _bed.Revocation.WithPolicy("Known", enabled: true, TimeSpan.FromHours(1));
        var service = _bed.Service();
        service.SetSettings(ConfigurationScope.CurrentUser, s => s.RevocationPolicy = "Known");

        var error = Assert.Throws<SessionPolicyNotFoundException>(() => service.SetSettings(ConfigurationScope.CurrentUser, s => s.RevocationPolicy = "NoSuch"));

        Assert.Equal("NoSuch", error.PolicyName);
        Assert.Contains("'NoSuch'", error.Message);
        Assert.Equal("Known", service.GetSettings().RevocationPolicy);
    }

    [Fact]
    public void SetSettings_Invalid_ThrowsNamingTheSetting_AndWritesNothing()
    {
        var service = _bed.Service();
        service.SetSettings(ConfigurationScope.CurrentUser, s => s.MinimumSessionAge = TimeSpan.FromHours(8));

        var error = Assert.Throws<ArgumentException>(() => service.SetSettings(ConfigurationScope.CurrentUser, s => s.ValidityCheckFrequency = TimeSpan.Zero));

        Assert.Contains("ValidityCheckFrequency", error.Message);
        Assert.Equal(TimeSpan.FromHours(8), service.GetSettings().MinimumSessionAge);
        Assert.Equal(SessionCheckSettings.DefaultValidityCheckFrequency, service.GetSettings().ValidityCheckFrequency);
    }

    [Fact]
    public void GetSettings_CorruptOrInvalidFile_IsReportedWithItsPathAndKept()
    {
        var path = _bed.Paths.ConfigurationFile(ConfigurationScope.CurrentUser, "sessions.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        const string invalid = "{ \"settings\": { \"minimumSessionAge\": \"-01:00:00\" } }";
        File.WriteAllText(path, invalid);

        var error = Assert.Throws<ConfigurationCorruptException>(() => _bed.Service().GetSettings());
        Assert.Contains(path, error.Message);
        Assert.Contains("MinimumSessionAge", error.Message);
        Assert.Throws<ConfigurationCorruptException>(() => _bed.Service().SetSettings(ConfigurationScope.CurrentUser, s => s.MinimumSessionAge = TimeSpan.Zero));
        Assert.Equal(invalid, File.ReadAllText(path));
    }

    [Fact]
    public void Register_GetAndUnregister_RoundTripThroughTheFile()
    {
        var service = _bed.Service();
        var registered = service.Register(Remote("dir-1", SessionKind.Ldap, "ldap://dc1.example.test", At.AddDays(-2)), ConfigurationScope.CurrentUser);
        Assert.False(registered.IsFailure);
        service.Register(Pinned("vpn-1", SessionKind.IPsec, _bed.Good, At.AddDays(-2)), ConfigurationScope.AllUsers);

        var sessions = _bed.Service().GetSessions();
        Assert.Equal(new[] { "dir-1", "vpn-1" }, sessions.Select(s => s.Name));
        Assert.Equal(ConfigurationScope.AllUsers, sessions[1].Scope);
        Assert.Equal(Convert.ToBase64String(_bed.Good.Der), sessions[1].PinnedCertificate);

        Assert.Equal("dir-1", _bed.Service().Unregister("DIR-1", ConfigurationScope.CurrentUser).Result!.Name);
        Assert.Equal(new[] { "vpn-1" }, _bed.Service().GetSessions().Select(s => s.Name));
        Assert.Equal(ErrorIds.SessionNotFound, _bed.Service().Unregister("dir-1", ConfigurationScope.CurrentUser).Failure!.ErrorId);
    }

    [Fact]
    public void Register_SameNameTwice_FailsUnlessReplace()
    {
        var service = _bed.Service();
        service.Register(Remote("dir-1", SessionKind.Ldap, "ldap://dc1.example.test", At.AddDays(-2)), ConfigurationScope.CurrentUser);

        var again = service.Register(Remote("dir-1", SessionKind.Ldap, "ldaps://dc2.example.test", At), ConfigurationScope.CurrentUser);
        Assert.Equal(ErrorIds.SessionExists, again.Failure!.ErrorId);
        Assert.Equal("ldap://dc1.example.test", service.GetSessions().Single().Endpoint);

        Assert.False(service.Register(Remote("dir-1", SessionKind.Ldap, "ldaps://dc2.example.test", At), ConfigurationScope.CurrentUser, replace: true).IsFailure);
        Assert.Equal("ldaps://dc2.example.test", service.GetSessions().Single().Endpoint);
    }

    [Theory]
    [InlineData("ftp://host:21", "scheme")]
    [InlineData("host", "no port")]
    [InlineData(null, "neither an Endpoint nor a PinnedCertificate")]
    public void Register_InvalidSession_IsSessionInvalidNamingTheProblem(string? endpoint, string expected)
    {
        var outcome = _bed.Service().Register(Remote("x", SessionKind.Other, endpoint!, At), ConfigurationScope.CurrentUser);

        Assert.Equal(ErrorIds.SessionInvalid, outcome.Failure!.ErrorId);
        Assert.Contains(expected, outcome.Failure.Message);
        Assert.Empty(_bed.Service().GetSessions());
    }

    [Fact]
    public void Register_BadPinnedCertificate_IsSessionInvalid()
    {
        var session = new LongLivedSession { Name = "vpn", Kind = SessionKind.IPsec, EstablishedAt = At, PinnedCertificate = "bm90IGEgY2VydA==" };

        Assert.Contains("PinnedCertificate", _bed.Service().Register(session, ConfigurationScope.CurrentUser).Failure!.Message);
    }

    [Fact]
    public void GetSessions_CurrentUserHidesAllUsersSessionOfTheSameName()
    {
        var service = _bed.Service();
        service.Register(Remote("dir", SessionKind.Ldap, "ldap://machine.test", At), ConfigurationScope.AllUsers);
        service.Register(Remote("dir", SessionKind.Ldap, "ldap://user.test", At), ConfigurationScope.CurrentUser);

        var only = service.GetSessions().Single();
        Assert.Equal("ldap://user.test", only.Endpoint);
        Assert.Equal(ConfigurationScope.CurrentUser, only.Scope);
    }

    public void Dispose() => _bed.Dispose();
}
