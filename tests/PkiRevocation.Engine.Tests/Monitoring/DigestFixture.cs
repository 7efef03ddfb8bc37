using PkiRevocation.Monitoring;

namespace PkiRevocation.Engine.Tests.Monitoring;

/// <summary>
/// The due notices of one run at <see cref="T0"/>, as a real fleet shows them: two expired, two within 7 days (one with a
/// very long subject and Windows path), two within 30 days (one with an RFC 5280 time-encoding violation). The same
/// fixture renders docs/digest.png.
/// </summary>
internal static class DigestFixture
{
    public static readonly DateTime T0 = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime NextRun = T0.AddHours(1);

    public static MonitorDigest Build() => MonitorDigest.Build(Due(), T0, 30, "pki-mon01.corp.example.test", NextRun);

    public static IReadOnlyList<MonitoredCertificate> Due() =>
    [
        Certificate("CN=legacy-vpn.corp.example.test, O=Example Corp", "CN=Example Issuing CA 1, O=Example Corp", -3, MonitorGroup.Expired, "store://LocalMachine/My"),
        Certificate("CN=intranet.example.test", "CN=Example Issuing CA 1, O=Example Corp", -41, MonitorGroup.Expired, "/etc/ssl/private/intranet.example.test.pem"),
        Certificate("CN=mail.example.test", "CN=R11, O=Let's Encrypt, C=US", 2, MonitorGroup.Within7Days, "mail.example.test:465"),
        Certificate("CN=a-very-long-host-name-for-the-payment-gateway-backend.eu-west-1.internal.example.test, OU=Payments Platform Engineering, O=Example Corporation International Holdings, C=DE",
            "CN=Example Issuing CA 2, O=Example Corp", 6, MonitorGroup.Within7Days,
            @"C:\ProgramData\Vendor\PaymentGateway\config\tls\certificates\production\backend-payment-gateway-2026.pfx"),
        Certificate("CN=ldap.corp.example.test", "CN=Example Issuing CA 1, O=Example Corp", 12, MonitorGroup.WithinWindow, "ldap.corp.example.test:636",
            "notAfter: GeneralizedTime used before 2050 (UTCTime required) (GeneralizedTime 20260613080000Z)"),
        Certificate("CN=grafana.example.test", "CN=Example Issuing CA 2, O=Example Corp", 27, MonitorGroup.WithinWindow, "/etc/grafana/tls/grafana.crt"),
    ];

    private static MonitoredCertificate Certificate(string subject, string issuer, int days, MonitorGroup group, string source, params string[] violations)
    {
        var thumbprint = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(subject)));
        return new MonitoredCertificate
        {
            Subject = subject,
            Issuer = issuer,
            SerialNumber = thumbprint[..32],
            Thumbprint = thumbprint,
            NotBefore = T0.AddDays(days - 90),
            NotAfter = T0.AddDays(days),
            DaysRemaining = days,
            Group = group,
            Source = source,
            TimeEncodingViolations = violations,
            ReferenceTime = T0,
            NoticeDue = true,
        };
    }
}
