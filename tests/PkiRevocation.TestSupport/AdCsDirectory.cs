namespace PkiRevocation.TestSupport;

/// <summary>
/// Where Active Directory Certificate Services publishes a CA in the domain's directory, and the ldap URLs it writes
/// into certificates: CN=&lt;CA&gt;,CN=&lt;host&gt;,CN=CDP,CN=Public Key Services,CN=Services,CN=Configuration,DC=… (a
/// cRLDistributionPoint holding certificateRevocationList and deltaRevocationList) and CN=&lt;CA&gt;,CN=AIA,… (a
/// certificationAuthority holding cACertificate), with spaces written %20 as AD CS does. Served by
/// <see cref="LdapPeer.StartDirectory"/> on 127.0.0.1:<see cref="Port"/>.
/// </summary>
public sealed class AdCsDirectory
{
    public const string Domain = "DC=pki,DC=test";
    private const string PublicKeyServices = "CN=Public Key Services,CN=Services,CN=Configuration," + Domain;

    public AdCsDirectory(string caName, string hostName, int port)
    {
        CaName = caName;
        HostName = hostName;
        Port = port;
    }

    public string CaName { get; }

    public string HostName { get; }

    public int Port { get; }

    public string CdpDn => $"CN={CaName},CN={HostName},CN=CDP,{PublicKeyServices}";

    public string AiaDn => $"CN={CaName},CN=AIA,{PublicKeyServices}";

    public string CrlUrl => Url(CdpDn, "certificateRevocationList", "cRLDistributionPoint");

    public string DeltaCrlUrl => Url(CdpDn, "deltaRevocationList", "cRLDistributionPoint");

    public string CaIssuersUrl => Url(AiaDn, "cACertificate", "certificationAuthority");

    /// <summary>The same URL without a server (<c>ldap:///CN=…</c>), as AD CS writes it by default.</summary>
    public static string Hostless(string url) => "ldap:///" + url[(url.IndexOf('/', 7) + 1)..];

    private string Url(string dn, string attribute, string objectClass) =>
        $"ldap://127.0.0.1:{Port}/{dn.Replace(" ", "%20")}?{attribute}?base?objectClass={objectClass}";

    /// <summary>The entries: the containers, the CDP object (when a CRL is given) and the AIA object (when certificates are).</summary>
    public IEnumerable<LdapEntry> Entries(IReadOnlyList<byte[]> caCertificates, byte[]? crl, byte[]? deltaCrl)
    {
        yield return new LdapEntry(Domain, "domain").With("dc", "pki");
        foreach (var container in new[] { "CN=Configuration," + Domain, "CN=Services,CN=Configuration," + Domain, PublicKeyServices,
                     "CN=CDP," + PublicKeyServices, $"CN={HostName},CN=CDP,{PublicKeyServices}", "CN=AIA," + PublicKeyServices })
            yield return new LdapEntry(container, "applicationProcess").With("cn", container[3..container.IndexOf(',')]);
        if (crl != null)
        {
            var cdp = new LdapEntry(CdpDn, "cRLDistributionPoint").With("cn", CaName).With("certificateRevocationList;binary", crl);
            if (deltaCrl != null) cdp.With("deltaRevocationList;binary", deltaCrl);
            yield return cdp;
        }

        if (caCertificates.Count > 0)
        {
            // certificationAuthority is auxiliary in OpenLDAP's core schema (structural in AD) and needs both lists.
            var aia = new LdapEntry(AiaDn, "applicationProcess", "certificationAuthority").With("cn", CaName);
            foreach (var certificate in caCertificates) aia.With("cACertificate;binary", certificate);
            aia.With("certificateRevocationList;binary", crl ?? [0x30, 0x00]).With("authorityRevocationList;binary", crl ?? [0x30, 0x00]);
            yield return aia;
        }
    }

    /// <summary>Starts slapd on <see cref="Port"/> holding these entries.</summary>
    public LdapPeer Start(string directory, IReadOnlyList<byte[]> caCertificates, byte[]? crl, byte[]? deltaCrl = null) =>
        LdapPeer.StartDirectory(directory, Port, Domain, Entries(caCertificates, crl, deltaCrl));
}
