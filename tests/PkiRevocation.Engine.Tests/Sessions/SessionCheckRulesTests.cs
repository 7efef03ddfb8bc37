using PkiRevocation.Expiry;
using PkiRevocation.Sessions;
using Xunit;
using static PkiRevocation.Engine.Tests.Sessions.SessionTestBed;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>The rules of "Certificate Revocation and Expiry" for long-lived sessions, on pinned peer certificates.</summary>
public sealed class SessionCheckRulesTests : IDisposable
{
    private readonly SessionTestBed _bed = new();

    private static SessionCheckSettings Settings(bool validity = true, string? policy = "Default", params SessionKind[] kinds) => new()
    {
        CertificateValidityCheck = validity,
        ValidityCheckFrequency = TimeSpan.FromDays(1),
        MinimumSessionAge = TimeSpan.FromHours(6),
        RevocationPolicy = policy,
        Kinds = kinds.Length == 0 ? new[] { SessionKind.Ldap, SessionKind.IPsec } : kinds,
    };

    [Fact]
    public void Check_ValidityCheckOff_ExpiryIsNotChecked()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(2));
        var result = _bed.Run(_bed.Service(), Settings(validity: false), At, false, Pinned("ipsec-1", SessionKind.IPsec, _bed.Expired, At.AddHours(-7))).Single();

        Assert.Null(result.ExpiryStatus);
        Assert.Equal(SessionRevocationStatus.NotRevoked, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, result.Verdict);
        Assert.Equal(SessionAction.None, result.RecommendedAction);
    }

    [Fact]
    public void Check_ValidityCheckOn_ExpiredPeerIsTerminated()
    {
        var result = _bed.Run(_bed.Service(), Settings(policy: null), At, false, Pinned("cti-1", SessionKind.Cti, _bed.Expired, At.AddHours(-7))).Single();

        Assert.Equal(ExpiryStatus.Expired, result.ExpiryStatus);
        Assert.Equal(SessionVerdict.Expired, result.Verdict);
        Assert.Equal(SessionAction.Terminate, result.RecommendedAction);
        Assert.Equal(_bed.Expired.Certificate.Thumbprint, result.Certificate!.Thumbprint);
    }

    [Fact]
    public void Check_ValidityCheckOffAndNoRevocation_IsSkippedCheckDisabled()
    {
        var result = _bed.Run(_bed.Service(), Settings(validity: false, policy: null), At, false, Pinned("ldap-1", SessionKind.Ldap, _bed.Expired, At.AddHours(-7))).Single();

        Assert.Equal(SessionVerdict.Skipped, result.Verdict);
        Assert.Equal(SessionSkipReason.CheckDisabled, result.SkipReason);
        Assert.Null(result.Certificate);
    }

    [Fact]
    public void Check_PolicyDisabled_RevocationIsNotChecked()
    {
        _bed.Revocation.WithPolicy("Default", false, TimeSpan.FromHours(2));
        var result = _bed.Run(_bed.Service(), Settings(), At, false, Pinned("ldap-1", SessionKind.Ldap, _bed.Revoked, At.AddHours(-7))).Single();

        Assert.Equal(SessionRevocationStatus.NotChecked, result.RevocationStatus);
        Assert.Empty(_bed.Revocation.Calls);
        Assert.Equal(SessionVerdict.Valid, result.Verdict);
        Assert.Equal(TimeSpan.FromDays(1), result.CheckInterval);
    }

    [Fact]
    public void Check_KindNotInKinds_RevocationIsNotChecked_UntilKindIsAdded()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(2));
        var cti = Pinned("cti-1", SessionKind.Cti, _bed.Revoked, At.AddHours(-7));

        var excluded = _bed.Run(_bed.Service(), Settings(), At, false, cti).Single();
        Assert.Equal(SessionRevocationStatus.NotChecked, excluded.RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, excluded.Verdict);
        Assert.Empty(_bed.Revocation.Calls);

        var included = _bed.Run(_bed.Service(), Settings(true, "Default", SessionKind.Cti, SessionKind.Ldap), At, true, cti).Single();
        Assert.Equal(SessionRevocationStatus.Revoked, included.RevocationStatus);
        Assert.Equal(SessionVerdict.Revoked, included.Verdict);
        Assert.Equal(SessionAction.Terminate, included.RecommendedAction);
        Assert.Equal(2, _bed.Revocation.Calls.Single().ChainLength);
    }

    [Fact]
    public void Check_NoRevocationPolicy_RevocationIsNotChecked()
    {
        var result = _bed.Run(_bed.Service(), Settings(policy: null), At, false, Pinned("ldap-1", SessionKind.Ldap, _bed.Revoked, At.AddHours(-7))).Single();

        Assert.Equal(SessionRevocationStatus.NotChecked, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Valid, result.Verdict);
    }

    [Fact]
    public void Check_PolicyNotFound_IsIndeterminateNeverNotRevoked()
    {
        var result = _bed.Run(_bed.Service(), Settings(policy: "Missing"), At, false, Pinned("ldap-1", SessionKind.Ldap, _bed.Good, At.AddHours(-7))).Single();

        Assert.Equal(SessionRevocationStatus.Indeterminate, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Indeterminate, result.Verdict);
        Assert.Equal(SessionAction.Renegotiate, result.RecommendedAction);
        Assert.Contains("Missing", string.Join(" ", result.RevocationSteps));
    }

    [Fact]
    public void Check_WithoutRevocationService_ConfiguredPolicyIsIndeterminate()
    {
        var service = new SessionCheckService(new EngineEnvironment(clock: new PkiRevocation.Configuration.FixedClock(At), paths: _bed.Paths));
        var result = _bed.Run(service, Settings(), At, false, Pinned("ldap-1", SessionKind.Ldap, _bed.Good, At.AddHours(-7))).Single();

        Assert.Equal(SessionRevocationStatus.Indeterminate, result.RevocationStatus);
        Assert.Equal(SessionVerdict.Indeterminate, result.Verdict);
    }

    [Fact]
    public void Check_RevocationApplies_PolicyCheckIntervalTakesPrecedenceOverValidityCheckFrequency()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(2));
        var ldap = Pinned("ldap-1", SessionKind.Ldap, _bed.Good, At.AddDays(-2));
        var cti = Pinned("cti-1", SessionKind.Cti, _bed.Good, At.AddDays(-2));
        var settings = Settings();

        var first = _bed.Run(_bed.Service(), settings, At, false, ldap, cti);
        Assert.All(first, r => Assert.Equal(At, r.CheckedAt));
        Assert.Equal(TimeSpan.FromHours(2), first[0].CheckInterval);
        Assert.Equal(At.AddHours(2), first[0].NextCheck);
        Assert.Equal(TimeSpan.FromDays(1), first[1].CheckInterval);
        Assert.Equal(At.AddDays(1), first[1].NextCheck);

        var later = _bed.Run(_bed.Service(), settings, At.AddHours(3), false, ldap, cti);
        Assert.Equal(SessionVerdict.Valid, later[0].Verdict);
        Assert.Equal(At.AddHours(3), later[0].CheckedAt);
        Assert.Equal(SessionVerdict.Skipped, later[1].Verdict);
        Assert.Equal(SessionSkipReason.NotDue, later[1].SkipReason);
        Assert.Equal(At.AddDays(1), later[1].NextCheck);
    }

    [Fact]
    public void Check_SessionYoungerThanMinimumAge_IsSkippedTooYoung()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(2));
        var young = Pinned("ldap-young", SessionKind.Ldap, _bed.Revoked, At.AddHours(-5));
        var old = Pinned("ldap-old", SessionKind.Ldap, _bed.Revoked, At.AddHours(-6));

        var results = _bed.Run(_bed.Service(), Settings(), At, true, young, old);

        Assert.Equal(SessionVerdict.Skipped, results[0].Verdict);
        Assert.Equal(SessionSkipReason.TooYoung, results[0].SkipReason);
        Assert.Equal(At.AddHours(1), results[0].NextCheck);
        Assert.Equal(SessionAction.None, results[0].RecommendedAction);
        Assert.Equal(SessionVerdict.Revoked, results[1].Verdict);
        Assert.Single(_bed.Revocation.Calls);
    }

    [Fact]
    public void Check_IntervalIsHonouredAcrossRuns_StatePersisted()
    {
        var session = Pinned("cti-1", SessionKind.Cti, _bed.Good, At.AddDays(-3));
        var settings = Settings(policy: null);

        Assert.Equal(SessionVerdict.Valid, _bed.Run(_bed.Service(), settings, At, false, session).Single().Verdict);
        Assert.True(File.Exists(Path.Combine(_bed.Paths.StateDirectory, "sessions.json")));

        var notDue = _bed.Run(_bed.Service(), settings, At.AddHours(23), false, session).Single();
        Assert.Equal(SessionSkipReason.NotDue, notDue.SkipReason);
        Assert.Equal(At, notDue.LastCheckedAt);

        var due = _bed.Run(_bed.Service(), settings, At.AddDays(1), false, session).Single();
        Assert.Equal(SessionVerdict.Valid, due.Verdict);
        Assert.Equal(At.AddDays(1), due.CheckedAt);
    }

    [Fact]
    public void Check_Force_IgnoresTheIntervalButNotTheMinimumAge()
    {
        var session = Pinned("cti-1", SessionKind.Cti, _bed.Good, At.AddDays(-3));
        var settings = Settings(policy: null);
        _bed.Run(_bed.Service(), settings, At, false, session);

        var forced = _bed.Run(_bed.Service(), settings, At.AddMinutes(5), true, session).Single();
        Assert.Equal(SessionVerdict.Valid, forced.Verdict);
        Assert.Equal(At.AddMinutes(5), forced.CheckedAt);

        var young = _bed.Run(_bed.Service(), settings, At, true, Pinned("cti-2", SessionKind.Cti, _bed.Good, At.AddHours(-1))).Single();
        Assert.Equal(SessionSkipReason.TooYoung, young.SkipReason);
    }

    [Fact]
    public void Check_IndeterminateIsNotRecorded_SoTheNextRunChecksAgain()
    {
        var session = Pinned("ldap-1", SessionKind.Ldap, _bed.Good, At.AddDays(-1));
        var settings = Settings(policy: "Missing");

        Assert.Equal(SessionVerdict.Indeterminate, _bed.Run(_bed.Service(), settings, At, false, session).Single().Verdict);
        var next = _bed.Run(_bed.Service(), settings, At.AddMinutes(1), false, session).Single();
        Assert.Equal(SessionVerdict.Indeterminate, next.Verdict);
        Assert.Null(next.LastCheckedAt);
    }

    [Fact]
    public void Check_ExpiringPeer_IsValidButRenegotiate()
    {
        var result = _bed.Run(_bed.Service(), Settings(policy: null), At, false, Pinned("cti-1", SessionKind.Cti, _bed.Expiring, At.AddDays(-1))).Single();

        Assert.Equal(ExpiryStatus.Expiring, result.ExpiryStatus);
        Assert.Equal(SessionVerdict.Valid, result.Verdict);
        Assert.Equal(SessionAction.Renegotiate, result.RecommendedAction);
    }

    [Fact]
    public void Check_RevokedAndExpired_RevokedWins()
    {
        _bed.Revocation.WithPolicy("Default", true, TimeSpan.FromHours(2));
        _bed.Revocation.Revoked.Add(_bed.Expired.Certificate.Thumbprint);
        var result = _bed.Run(_bed.Service(), Settings(), At, false, Pinned("ipsec-1", SessionKind.IPsec, _bed.Expired, At.AddDays(-1))).Single();

        Assert.Equal(ExpiryStatus.Expired, result.ExpiryStatus);
        Assert.Equal(SessionVerdict.Revoked, result.Verdict);
    }

    [Fact]
    public void Check_InvalidSessionInput_FailsThatSessionAndGoesOn()
    {
        var request = new SessionCheckRequest { At = At, Settings = Settings(policy: null) };
        request.Sessions.Add(new LongLivedSession { Name = "bad", Kind = SessionKind.Ldap, Endpoint = "ftp://x:1", EstablishedAt = At.AddDays(-1) });
        request.Sessions.Add(new LongLivedSession { Name = "no-time", Kind = SessionKind.Ldap, Endpoint = "ldap://x" });
        request.Sessions.Add(Pinned("cti-1", SessionKind.Cti, _bed.Good, At.AddDays(-1)));

        var outcomes = _bed.Service().Check(request).ToList();

        Assert.Equal(PkiRevocation.Diagnostics.ErrorIds.SessionInvalid, outcomes[0].Failure!.ErrorId);
        Assert.Contains("ftp", outcomes[0].Failure!.Message);
        Assert.Equal(PkiRevocation.Diagnostics.ErrorIds.SessionInvalid, outcomes[1].Failure!.ErrorId);
        Assert.Contains("EstablishedAt", outcomes[1].Failure!.Message);
        Assert.Equal(SessionVerdict.Valid, outcomes[2].Result!.Verdict);
    }

    [Fact]
    public void Check_NoSessionsGiven_ChecksTheRegistry()
    {
        var service = _bed.Service();
        Assert.False(service.Register(Pinned("ipsec-1", SessionKind.IPsec, _bed.Expired, At.AddDays(-1)), PkiRevocation.Configuration.ConfigurationScope.CurrentUser).IsFailure);

        var result = _bed.Run(service, Settings(policy: null), At, false).Single();

        Assert.Equal("ipsec-1", result.Name);
        Assert.Equal(SessionVerdict.Expired, result.Verdict);
        Assert.Equal("(pinned)", result.Endpoint);
    }

    [Fact]
    public void Check_ReportsProgressAcrossSessions()
    {
        var request = new SessionCheckRequest { At = At, Settings = Settings(policy: null) };
        request.Sessions.Add(Pinned("a", SessionKind.Cti, _bed.Good, At.AddDays(-1)));
        request.Sessions.Add(Pinned("b", SessionKind.Cti, _bed.Good, At.AddDays(-1)));
        var reports = new List<PkiRevocation.Diagnostics.OperationProgress>();

        _ = _bed.Service().Check(request, new SynchronousProgress(reports.Add)).ToList();

        Assert.Equal(new[] { 0, 50, 100 }, reports.Select(r => r.PercentComplete));
        Assert.Equal(new[] { "a", "b" }, reports.Take(2).Select(r => r.CurrentItem));
    }

    private sealed class SynchronousProgress(Action<PkiRevocation.Diagnostics.OperationProgress> report) : IProgress<PkiRevocation.Diagnostics.OperationProgress>
    {
        public void Report(PkiRevocation.Diagnostics.OperationProgress value) => report(value);
    }

    public void Dispose() => _bed.Dispose();
}
