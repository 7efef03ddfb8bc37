using PkiRevocation.Net;
using Xunit;

namespace PkiRevocation.Engine.Tests.Net;

public sealed class LdapUrlTests
{
    [Fact]
    public void Parse_AdCsDistributionPoint_HostlessDnDecodedAttributeScopeAndBareFilter()
    {
        var url = LdapUrl.Parse("ldap:///CN=Contoso%20Issuing%20CA,CN=PKI01,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=contoso,DC=com?certificateRevocationList?base?objectClass=cRLDistributionPoint");

        Assert.False(url.HasHost);
        Assert.Equal(389, url.Port);
        Assert.Equal("CN=Contoso Issuing CA,CN=PKI01,CN=CDP,CN=Public Key Services,CN=Services,CN=Configuration,DC=contoso,DC=com", url.DistinguishedName);
        Assert.Equal(new[] { "certificateRevocationList" }, url.Attributes);
        Assert.Equal(LdapUrlScope.Base, url.Scope);
        Assert.Equal("(objectClass=cRLDistributionPoint)", url.Filter);
    }

    [Fact]
    public void Parse_HostPortScopeAndParenthesisedFilter_AsWritten()
    {
        var url = LdapUrl.Parse("ldaps://dc1.example.net:3269/DC=example,DC=net?cACertificate,crossCertificatePair?sub?(&(objectClass=certificationAuthority)(cn=Root*))");

        Assert.True(url.Secure);
        Assert.Equal(("dc1.example.net", 3269), (url.Host, url.Port));
        Assert.Equal(new[] { "cACertificate", "crossCertificatePair" }, url.Attributes);
        Assert.Equal(LdapUrlScope.Subtree, url.Scope);
        Assert.Equal("(&(objectClass=certificationAuthority)(cn=Root*))", url.Filter);
    }

    [Fact]
    public void Parse_NothingAfterDn_DefaultsBaseScopeAnyObject()
    {
        var url = LdapUrl.Parse("ldap://127.0.0.1:1389/CN=CA,DC=x");

        Assert.Empty(url.Attributes);
        Assert.Equal((LdapUrlScope.Base, "(objectClass=*)", 1389), (url.Scope, url.Filter, url.Port));
    }

    [Theory]
    [InlineData("ldap://h/CN=x????!bindname=cn=admin", "critical extension")]
    [InlineData("ldap://h:99999/CN=x", "port")]
    [InlineData("ldap://h/CN=x?a?deep", "scope")]
    [InlineData("ldap://h/CN=%zz", "%")]
    [InlineData("http://h/CN=x", "not an ldap")]
    public void Parse_Unusable_FormatExceptionNamesTheProblem(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => LdapUrl.Parse(text));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_NonCriticalExtension_Ignored()
    {
        Assert.Equal("CN=x", LdapUrl.Parse("ldap://h/CN=x????bindname=cn=admin").DistinguishedName);
    }

    [Fact]
    public void LocationOrder_PreferHttp_HttpThenLdapThenOthers_ElseCertificateOrder()
    {
        var locations = new[] { "ldap:///CN=a", "file:///c.crl", "http://x/a.crl", "ldaps://h/CN=b", "https://y/b.crl" };

        Assert.Equal(new[] { "http://x/a.crl", "https://y/b.crl", "ldap:///CN=a", "ldaps://h/CN=b", "file:///c.crl" }, LocationOrder.Arrange(locations, preferHttp: true));
        Assert.Equal(locations, LocationOrder.Arrange(locations, preferHttp: false));
    }
}
