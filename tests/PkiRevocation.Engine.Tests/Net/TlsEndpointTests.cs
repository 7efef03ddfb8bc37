using PkiRevocation.Net;
using Xunit;

namespace PkiRevocation.Engine.Tests.Net;

public class TlsEndpointTests
{
    [Theory]
    [InlineData("web01:443", "web01", 443, StartTlsProtocol.None)]
    [InlineData("dc01.corp.example:389:ldap", "dc01.corp.example", 389, StartTlsProtocol.Ldap)]
    [InlineData("mail:587:SMTP", "mail", 587, StartTlsProtocol.Smtp)]
    [InlineData("[::1]:636", "::1", 636, StartTlsProtocol.None)]
    [InlineData("tls://host:8443?starttls=ldap", "host", 8443, StartTlsProtocol.Ldap)]
    [InlineData("ldap://dc01", "dc01", 389, StartTlsProtocol.Ldap)]
    [InlineData("ldaps://dc01", "dc01", 636, StartTlsProtocol.None)]
    [InlineData("smtp://mx:25", "mx", 25, StartTlsProtocol.Smtp)]
    public void TryParse_AcceptedForms(string text, string host, int port, StartTlsProtocol startTls)
    {
        Assert.True(TlsEndpoint.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(host, endpoint!.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(startTls, endpoint.StartTls);
    }

    [Theory]
    [InlineData("web01", "no port")]
    [InlineData("web01:0", "invalid port")]
    [InlineData("web01:70000", "invalid port")]
    [InlineData("web01:443:ftp", "ldap or smtp")]
    [InlineData("ftp://web01:21", "unknown scheme")]
    [InlineData("", "empty")]
    [InlineData("a b:443", "invalid host")]
    public void TryParse_Rejected_WithAReason(string text, string reason)
    {
        Assert.False(TlsEndpoint.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void TryParse_DefaultPort_IsUsedWhenNoneGiven() =>
        Assert.Equal(389, TlsEndpoint.Parse("dc01", defaultPort: 389).Port);

    [Fact]
    public void ToString_IsHostColonPort_WithBracketsForIpv6() =>
        Assert.Equal("[::1]:443", new TlsEndpoint("::1", 443).ToString());
}
