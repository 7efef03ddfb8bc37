using System.Diagnostics;
using System.Text.Json;
using PkiRevocation.Configuration;
using PkiRevocation.Diagnostics;
using PkiRevocation.Revocation;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Revocation;

public sealed class RevocationPolicyTests : IDisposable
{
    private static readonly DateTime At = new(2030, 6, 2, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _home = new("policies");
    private readonly PkiEngine _engine;

    public RevocationPolicyTests() => _engine = new PkiEngine(new EngineEnvironment(new FixedClock(At), paths: new PkiRevocationPaths(_home.Path)));

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Get_NothingConfigured_ReturnsBuiltInDefaultOcspThenCrlFailClosed()
    {
        var policy = Assert.Single(_engine.Policies.Get());

        Assert.Equal("Default", policy.Name);
        Assert.Equal("BuiltIn", policy.Origin);
        Assert.Equal(new[] { RevocationMethod.Ocsp, RevocationMethod.Crl }, policy.Methods);
        Assert.False(policy.SoftFail);
        Assert.Equal(UnknownStatusAction.Indeterminate, policy.UnknownStatus);
        Assert.False(File.Exists(_engine.Policies.PathOf(ConfigurationScope.CurrentUser)));
    }

    [Fact]
    public void Set_ThenGet_RoundTripsEveryFieldThroughOneJsonFilePerScope()
    {
        var responder = TestPki.CreateRoot("CN=Responder", At);
        var policy = new RevocationPolicy
        {
            Name = "Partners",
            Methods = [RevocationMethod.Crl, RevocationMethod.Ocsp],
            ResponderUri = "http://ocsp.partner.example/",
            UnknownStatus = UnknownStatusAction.Revoked,
            Nonce = NonceRequirement.Required,
            TrustedResponders = ["aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd", Convert.ToBase64String(responder.Der)],
            CheckInterval = TimeSpan.FromMinutes(30),
            Scope = RevocationScope.Chain,
            AppliesTo = ["issuer:CN=Partner CA*"],
            SoftFail = true,
        };

        var set = _engine.Policies.Set(policy, ConfigurationScope.AllUsers);
        var read = _engine.Policies.Get("Partners").Single();

        Assert.False(set.IsFailure);
        Assert.Equal("AllUsers", read.Origin);
        Assert.Equal(policy.Methods, read.Methods);
        Assert.Equal("http://ocsp.partner.example/", read.ResponderUri);
        Assert.Equal(UnknownStatusAction.Revoked, read.UnknownStatus);
        Assert.Equal(NonceRequirement.Required, read.Nonce);
        Assert.Equal("AABBCCDDEEFF00112233445566778899AABBCCDD", read.TrustedResponders[0]);
        Assert.Equal(Convert.ToBase64String(responder.Der), read.TrustedResponders[1]);
        Assert.Equal(TimeSpan.FromMinutes(30), read.CheckInterval);
        Assert.Equal(RevocationScope.Chain, read.Scope);
        Assert.True(read.SoftFail);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_home.Path, "AllUsers", "policies.json")));
        Assert.Equal("Crl", json.RootElement.GetProperty("policies")[0].GetProperty("methods")[0].GetString());
        Assert.Equal(2, _engine.Policies.Get().Count); // Partners + built-in Default
    }

    [Fact]
    public void Set_InvalidPolicy_ReturnsPolicyInvalidNamingEveryProblem_AndWritesNothing()
    {
        var outcome = _engine.Policies.Set(new RevocationPolicy
        {
            Name = "bad/name",
            Methods = [RevocationMethod.None, RevocationMethod.Crl],
            SoftFail = true,
            ResponderUri = "ftp://x",
            TrustedResponders = ["not a thumbprint"],
            AppliesTo = ["CN=*"],
            CheckInterval = TimeSpan.FromSeconds(5),
        });

        Assert.True(outcome.IsFailure);
        Assert.Equal(ErrorIds.PolicyInvalid, outcome.Failure!.ErrorId);
        foreach (var part in new[] { "Name", "None must be the last", "SoftFail cannot be combined", "ResponderUri", "TrustedResponder", "AppliesTo", "CheckInterval" })
            Assert.Contains(part, outcome.Failure.Message);
        Assert.False(File.Exists(_engine.Policies.PathOf(ConfigurationScope.CurrentUser)));
    }

    [Fact]
    public void Apply_ChangesOnlyGivenProperties_AndRejectsSoftFailWithNone()
    {
        _engine.Policies.Apply(new RevocationPolicyUpdate("Web") { Methods = [RevocationMethod.Crl], AppliesTo = ["subject:*.example"] });
        var changed = _engine.Policies.Apply(new RevocationPolicyUpdate("web") { UnknownStatus = UnknownStatusAction.Revoked });
        var rejected = _engine.Policies.Apply(new RevocationPolicyUpdate("Web") { SoftFail = true, Methods = [RevocationMethod.Crl, RevocationMethod.None] });

        Assert.Equal("Web", changed.Result!.Name);
        Assert.Equal(new[] { RevocationMethod.Crl }, changed.Result.Methods);
        Assert.Equal(new[] { "subject:*.example" }, changed.Result.AppliesTo);
        Assert.Equal(UnknownStatusAction.Revoked, changed.Result.UnknownStatus);
        Assert.Equal(ErrorIds.PolicyInvalid, rejected.Failure!.ErrorId);
        Assert.Equal(new[] { RevocationMethod.Crl }, _engine.Policies.Find("Web")!.Methods);
    }

    [Fact]
    public void Remove_MissingPolicy_IsPolicyNotFound_BuiltInDefaultIsPolicyBuiltIn_RemovingStoredDefaultRestoresBuiltIn()
    {
        var missing = _engine.Policies.Remove("Nope");
        var builtIn = _engine.Policies.Remove("Default");
        _engine.Policies.Set(new RevocationPolicy { Name = "Default", Methods = [RevocationMethod.Crl] });
        var overridden = _engine.Policies.Find("Default")!;
        var removed = _engine.Policies.Remove("default");

        Assert.Equal(ErrorIds.PolicyNotFound, missing.Failure!.ErrorId);
        Assert.Equal(ErrorIds.PolicyBuiltIn, builtIn.Failure!.ErrorId);
        Assert.Equal(FailureKind.InvalidOperation, builtIn.Failure!.Kind);
        Assert.Equal(new[] { RevocationMethod.Crl }, overridden.Methods);
        Assert.False(removed.IsFailure);
        Assert.Equal("BuiltIn", _engine.Policies.Find("Default")!.Origin);
    }

    [Fact]
    public void Select_PicksFirstEnabledMatchingPolicy_CurrentUserBeforeAllUsers_ElseDefault()
    {
        var root = TestPki.CreateRoot("CN=Partner CA 7, O=Partner", At);
        var ee = root.Issue("CN=web.partner.example", At.AddYears(-1), At.AddYears(1)).Certificate;
        var other = TestPki.CreateRoot("CN=Other CA", At).Issue("CN=x", At.AddYears(-1), At.AddYears(1)).Certificate;
        _engine.Policies.Set(new RevocationPolicy { Name = "Machine", AppliesTo = ["issuer:CN=Partner CA*"] }, ConfigurationScope.AllUsers);
        _engine.Policies.Set(new RevocationPolicy { Name = "Disabled", AppliesTo = ["subject:*partner*"], Enabled = false });
        _engine.Policies.Set(new RevocationPolicy { Name = "Mine", AppliesTo = ["subject:CN=web.*"] });
        _engine.Policies.Set(new RevocationPolicy { Name = "Unbound" });

        Assert.Equal("Mine", _engine.Policies.Select(ee).Name);
        _engine.Policies.Remove("Mine");
        Assert.Equal("Machine", _engine.Policies.Select(ee).Name);
        Assert.Equal("Default", _engine.Policies.Select(other).Name);
    }

    [Fact]
    public void Set_CorruptFile_IsReportedWithPathAndKept()
    {
        var path = _engine.Policies.PathOf(ConfigurationScope.CurrentUser);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ \"policies\": [ oops");

        var outcome = _engine.Policies.Set(new RevocationPolicy { Name = "A" });

        Assert.Equal(ErrorIds.ConfigurationCorrupt, outcome.Failure!.ErrorId);
        Assert.Contains(path, outcome.Failure.Message);
        Assert.Equal("{ \"policies\": [ oops", File.ReadAllText(path));
        Assert.Throws<ConfigurationCorruptException>(() => _engine.Policies.Get());
    }

    [Fact]
    public void TwoProcesses_AddingPoliciesAtOnce_LoseNothing()
    {
        using var first = Writer("add", _home.Path, "alpha", "40");
        using var second = Writer("add", _home.Path, "beta", "40");
        WaitForExit(first);
        WaitForExit(second);

        var names = _engine.Policies.Get(scope: ConfigurationScope.CurrentUser).Select(p => p.Name).ToHashSet();
        Assert.Equal(80, names.Count);
        for (var i = 0; i < 40; i++)
        {
            Assert.Contains($"alpha-{i}", names);
            Assert.Contains($"beta-{i}", names);
        }
    }

    [Fact]
    public void WriterKilledMidWrite_LeavesPreviousCompleteFile()
    {
        _engine.Policies.Set(new RevocationPolicy { Name = "Keep", Methods = [RevocationMethod.Crl] });
        var path = _engine.Policies.PathOf(ConfigurationScope.CurrentUser);
        for (var round = 0; round < 3; round++)
        {
            using var writer = Writer("churn", _home.Path);
            var before = File.GetLastWriteTimeUtc(path);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (File.GetLastWriteTimeUtc(path) == before && DateTime.UtcNow < deadline) Thread.Sleep(10);
            Thread.Sleep(40 + round * 37); // somewhere inside a later write
            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();

            var policies = _engine.Policies.Get(scope: ConfigurationScope.CurrentUser);
            Assert.Contains(policies, p => p.Name == "Keep" && p.Methods.SequenceEqual([RevocationMethod.Crl]));
            var churn = Assert.Single(policies, p => p.Name == "Churn");
            Assert.Equal(20_000, churn.AppliesTo.Length);
        }

        // The lock died with the writer: the next write goes through.
        Assert.False(_engine.Policies.Set(new RevocationPolicy { Name = "After" }).IsFailure);
    }

    private static Process Writer(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PkiRevocation.PolicyWriter.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        Assert.Equal("ready", process.StandardOutput.ReadLine());
        return process;
    }

    private static void WaitForExit(Process process)
    {
        Assert.True(process.WaitForExit(120_000), "the writer did not finish");
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}
