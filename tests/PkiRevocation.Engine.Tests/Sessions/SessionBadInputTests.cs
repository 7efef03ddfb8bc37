using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Sessions;
using Xunit;
using static PkiRevocation.Engine.Tests.Sessions.SessionTestBed;

namespace PkiRevocation.Engine.Tests.Sessions;

/// <summary>One bad session (an EstablishedAt of 9999-12-31, a too-long interval) fails alone: the healthy ones still get results.</summary>
public sealed class SessionBadInputTests : IDisposable
{
    private static readonly DateTime FarFuture = new(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);
    private readonly SessionTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public void Register_EstablishedFarInTheFuture_IsSessionInvalidAndNotStored()
    {
        var service = _bed.Service();

        var outcome = service.Register(Pinned("vpn-future", SessionKind.IPsec, _bed.Good, FarFuture), ConfigurationScope.CurrentUser);

        Assert.True(outcome.IsFailure);
        Assert.Equal(ErrorIds.SessionInvalid, outcome.Failure!.ErrorId);
        Assert.Contains("'vpn-future'", outcome.Failure.Message);
        Assert.Contains("EstablishedAt 9999-12-31T23:59:59Z, in the future", outcome.Failure.Message);
        Assert.Empty(service.GetSessions());
    }

    [Fact]
    public void Register_EstablishedWithinTheClockSkew_IsAccepted()
    {
        var outcome = _bed.Service().Register(Pinned("vpn-skew", SessionKind.IPsec, _bed.Good, At.AddHours(2)), ConfigurationScope.CurrentUser);

        Assert.False(outcome.IsFailure, outcome.Failure?.ToString());
    }

    [Fact]
    public void Check_AStoredSessionFromTheFarFuture_FailsAloneAndTheHealthyOnesAreChecked()
    {
        // As registered before EstablishedAt was checked: straight into sessions.json.
        new JsonFileStore<SessionConfiguration>(_bed.Paths.ConfigurationFile(ConfigurationScope.CurrentUser, "sessions.json")).Update(document =>
        {
            document.Sessions.Add(Pinned("a-good", SessionKind.IPsec, _bed.Good, At.AddDays(-2)));
            document.Sessions.Add(Pinned("b-future", SessionKind.IPsec, _bed.Good, FarFuture));
            document.Sessions.Add(Pinned("c-expired", SessionKind.IPsec, _bed.Expired, At.AddDays(-2)));
            return document;
        });

        var outcomes = _bed.Service().Check(new SessionCheckRequest { At = At, Force = true }).ToList();

        Assert.Equal(3, outcomes.Count);
        Assert.Equal(SessionVerdict.Valid, outcomes[0].Result!.Verdict);
        var failure = outcomes[1].Failure!;
        Assert.Equal(ErrorIds.SessionInvalid, failure.ErrorId);
        Assert.Contains("'b-future'", failure.Message);
        Assert.Equal(SessionVerdict.Expired, outcomes[2].Result!.Verdict);
    }

    [Fact]
    public void Check_AnIntervalReachingPastTheYear9999_IsHeldAtTheEndOfTime()
    {
        var settings = new SessionCheckSettings { ValidityCheckFrequency = TimeSpan.FromDays(3650) };
        var lateAt = new DateTime(9995, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var result = Assert.Single(_bed.Run(_bed.Service(lateAt), settings, lateAt, true, Pinned("late", SessionKind.IPsec, _bed.Good, lateAt.AddDays(-1))));

        Assert.Equal(DateTime.MaxValue, result.NextCheck);
    }

    [Theory]
    [InlineData("ValidityCheckFrequency")]
    [InlineData("MinimumSessionAge")]
    public void SetSettings_DurationLongerThanTenYears_IsRefusedNamingIt(string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => _bed.Service().SetSettings(ConfigurationScope.CurrentUser, s =>
        {
            if (setting == "MinimumSessionAge") s.MinimumSessionAge = TimeSpan.FromDays(3651);
            else s.ValidityCheckFrequency = TimeSpan.FromDays(3651);
        }));

        Assert.Contains(setting, error.Message);
        Assert.Contains("3650.00:00:00", error.Message);
    }
}
