using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Asn1.X509;
using PkiRevocation.Certificates;
using PkiRevocation.Expiry;

namespace PkiRevocation.Engine.Tests.Expiry;

/// <summary>
/// The expiry path as it was before the fast reader (commit e5ab8c9), frozen here as the reference the fast path must
/// match: PEM read as one ASCII string, Base64 per block with Convert, an X509Certificate2 for every certificate, names
/// from it (BouncyCastle's when the platform refuses the certificate). Only the PEM branch and the per-certificate
/// facts are kept; DER, PKCS#7 and PKCS#12 files did not change.
/// </summary>
internal static class ReferenceExpiryPath
{
    /// <summary>The DER of every certificate block of a PEM file, in order; throws as the old reader did on a broken file.</summary>
    public static List<byte[]> PemCertificates(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        var result = new List<byte[]>();
        var index = 0;
        while (true)
        {
            var begin = text.IndexOf("-----BEGIN ", index, StringComparison.Ordinal);
            if (begin < 0) break;
            var labelEnd = text.IndexOf("-----", begin + 11, StringComparison.Ordinal);
            if (labelEnd < 0) break;
            var label = text.Substring(begin + 11, labelEnd - begin - 11);
            var endMarker = "-----END " + label + "-----";
            var end = text.IndexOf(endMarker, labelEnd, StringComparison.Ordinal);
            if (end < 0) throw new FormatException($"PEM block '{label}' has no END line");
            var body = text.Substring(labelEnd + 5, end - labelEnd - 5);
            index = end + endMarker.Length;
            if (label is "CERTIFICATE" or "X509 CERTIFICATE" or "TRUSTED CERTIFICATE")
                result.Add(FirstElement(Convert.FromBase64String(StripHeaders(body))));
            else if (label is "PKCS7" or "CERTIFICATE CHAIN")
                throw new NotSupportedException("the reference keeps certificate blocks only");
        }

        return result;
    }

    private static string StripHeaders(string body)
    {
        if (body.IndexOf(':') < 0) return body;
        var blank = body.IndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0) blank = body.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return blank < 0 ? body : body.Substring(blank);
    }

    private static byte[] FirstElement(byte[] der)
    {
        var reader = new DerReader(der, AsnEncodingRules.DER);
        var element = reader.Read(DerTag.Sequence);
        return element.TotalLength == der.Length ? der : element.ToArray(der);
    }

    /// <summary>The old validity walk (DerReader), before System.Formats.Asn1 read it.</summary>
    public static CertificateValidityTimes CheckCertificate(byte[] certificateDer)
    {
        var outer = new DerReader(certificateDer, AsnEncodingRules.DER);
        var certificate = outer.Read(DerTag.Sequence);
        var inCertificate = outer.Enter(certificate);
        var tbs = inCertificate.Read(DerTag.Sequence);
        var inTbs = inCertificate.Enter(tbs);
        inTbs.TryRead(DerTag.ContextConstructed(0), out _);
        inTbs.Read(DerTag.Integer);
        inTbs.Read(DerTag.Sequence);
        inTbs.Read(DerTag.Sequence);
        var validity = inTbs.Read(DerTag.Sequence);
        var inValidity = inTbs.Enter(validity);
        var notBefore = TimeEncodingChecker.Decode("notBefore", certificateDer, inValidity.Read());
        var notAfter = TimeEncodingChecker.Decode("notAfter", certificateDer, inValidity.Read());
        return new CertificateValidityTimes(notBefore, notAfter);
    }

    /// <summary>What ExpiryService.Evaluate made of one certificate; null when the old path refused it (FormatException).</summary>
    public static CertificateExpiry? Evaluate(byte[] der, string source, CertificateFormat format, DateTime at, int? withinDays, X509Certificate2? platform = null)
    {
        var times = CheckCertificate(der);
        if (times.NotBefore.Value == null || times.NotAfter.Value == null) return null;
        var notBefore = times.NotBefore.Value.Value;
        var notAfter = times.NotAfter.Value.Value;
        string thumbprint;
        using (var sha1 = SHA1.Create()) thumbprint = Convert.ToHexString(sha1.ComputeHash(der));
        var certificate = platform;
        if (certificate == null)
        {
            try { certificate = X509CertificateLoader.LoadCertificate(der); }
            catch (CryptographicException) { }
        }

        string subject, issuer, serial;
        if (certificate != null)
        {
            subject = certificate.Subject;
            issuer = certificate.Issuer;
            serial = certificate.SerialNumber;
        }
        else
        {
            X509CertificateStructure structure;
            try { structure = X509CertificateStructure.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(der)); }
            catch (Exception) { return null; }
            subject = structure.Subject.ToString(true, X509Name.DefaultSymbols);
            issuer = structure.Issuer.ToString(true, X509Name.DefaultSymbols);
            serial = Convert.ToHexString(structure.SerialNumber.Value.ToByteArrayUnsigned());
        }

        var window = withinDays ?? ExpiryClassifier.DefaultWindowDays;
        var status = ExpiryClassifier.Classify(notBefore, notAfter, at, window);
        var violations = times.Violations.Select(v => v.ToString()).ToArray();
        return new CertificateExpiry
        {
            Subject = subject,
            Issuer = issuer,
            SerialNumber = serial,
            Thumbprint = thumbprint,
            NotBefore = notBefore,
            NotAfter = notAfter,
            DaysRemaining = ExpiryClassifier.DaysRemaining(notAfter, at),
            Status = status,
            Source = source,
            SourceFormat = format,
            TimeEncoding = violations.Length == 0 ? "Valid" : string.Join("; ", violations),
            TimeEncodingViolations = violations,
            ReferenceTime = at,
            Certificate = certificate,
        };
    }
}
