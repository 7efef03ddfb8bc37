using System.Globalization;
using System.Text;

namespace PkiRevocation.TestSupport;

/// <summary>
/// An OpenSSL CA database (index.txt) as `openssl ocsp -index` reads it: one tab-separated line per certificate,
/// "V|R  expiry  [revocation[,reason]]  serial-hex  unknown  /subject". Certificates not listed are "unknown".
/// </summary>
public sealed class OcspIndex
{
    private readonly StringBuilder _lines = new();

    /// <summary>A valid (good) entry.</summary>
    public OcspIndex Valid(TestCertificate certificate) => Line("V", certificate, "");

    /// <summary>A revoked entry; <paramref name="reason"/> is an OpenSSL reason name (keyCompromise, superseded, ...) or null.</summary>
    public OcspIndex Revoked(TestCertificate certificate, DateTime revokedAt, string? reason = null) =>
        Line("R", certificate, Time(revokedAt) + (reason != null ? "," + reason : ""));

    public string Write(string path)
    {
        File.WriteAllText(path, _lines.ToString());
        return path;
    }

    public override string ToString() => _lines.ToString();

    private OcspIndex Line(string flag, TestCertificate certificate, string revocation)
    {
        var serial = certificate.SerialHex;
        if (serial.Length % 2 == 1) serial = "0" + serial;
        var subject = "/" + string.Join("/", certificate.Bc.SubjectDN.ToString().Split(',').Select(p => p.Trim()));
        _lines.Append(flag).Append('\t').Append(Time(certificate.Bc.NotAfter.ToUniversalTime())).Append('\t').Append(revocation).Append('\t')
            .Append(serial).Append('\t').Append("unknown").Append('\t').Append(subject).Append('\n');
        return this;
    }

    /// <summary>OpenSSL's index time: UTCTime YYMMDDHHMMSSZ.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
}
