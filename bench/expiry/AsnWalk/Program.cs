// bench/expiry's DER walk comparison (run by bench/expiry/run.sh, or: dotnet run -c Release -- <pem files...>).
// The walk the expiry path makes per distinct certificate: certificate → tbsCertificate → skip version, serial,
// signature, issuer → validity → notBefore, notAfter (decoded and checked by TimeEncodingChecker in both). Once through
// the engine's DerReader (TimeEncodingChecker.CheckCertificate), whose every header is System.Formats.Asn1's
// AsnDecoder.TryReadEncodedValue under DER rules, once calling AsnDecoder directly: the cost of the thin reader.
// Both must give the same times for every certificate; prints ns per certificate, best of 5 rounds.
using System.Diagnostics;
using System.Formats.Asn1;
using System.Text;
using System.Text.RegularExpressions;
using PkiRevocation.Certificates;

var certificates = new List<byte[]>();
foreach (var file in args)
    foreach (Match m in Regex.Matches(File.ReadAllText(file), "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", RegexOptions.Singleline))
        certificates.Add(Convert.FromBase64String(Regex.Replace(m.Groups[1].Value, @"\s", "")));
if (certificates.Count == 0) { Console.Error.WriteLine("usage: AsnWalk <pem files>"); return 2; }

foreach (var der in certificates)
{
    var a = TimeEncodingChecker.CheckCertificate(der);
    var b = AsnWalk(der);
    if (a.NotBefore.Value != b.NotBefore.Value || a.NotAfter.Value != b.NotAfter.Value || a.Violations.Count != b.Violations.Count)
    {
        Console.Error.WriteLine("the two walks disagree");
        return 1;
    }
}

var rounds = Math.Max(1, 200_000 / certificates.Count);
double Best(Func<byte[], CertificateValidityTimes> walk)
{
    var best = double.MaxValue;
    for (var r = 0; r < 5; r++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
            foreach (var der in certificates) walk(der);
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1e6 / (rounds * certificates.Count));
    }

    return best;
}

var derReader = Best(TimeEncodingChecker.CheckCertificate);
var asnDecoder = Best(AsnWalk);
var facts = Best(der => { var f = CertificateFacts.ReadDetached(der); return f.Times; });
Console.WriteLine($"DER walk to the validity times, {certificates.Count} certificates x {rounds}: DerReader (over AsnDecoder) {derReader:F0} ns, AsnDecoder called directly {asnDecoder:F0} ns per certificate ({asnDecoder / derReader:F2}x)");
Console.WriteLine($"everything decoded once per distinct certificate (CertificateFacts.ReadDetached: walk, SHA-1, platform probe, names): {facts:F0} ns");
return 0;

static CertificateValidityTimes AsnWalk(byte[] der)
{
    const AsnEncodingRules Der = AsnEncodingRules.DER;
    ReadOnlySpan<byte> span = der;
    AsnDecoder.ReadSequence(span, Der, out var offset, out var length, out _);
    var certificate = span.Slice(offset, length);
    AsnDecoder.ReadSequence(certificate, Der, out offset, out length, out _);
    var tbs = certificate.Slice(offset, length);
    var at = 0;
    var tag = AsnDecoder.ReadEncodedValue(tbs, Der, out _, out _, out var consumed);
    if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))) { at += consumed; }
    for (var skip = 0; skip < 3; skip++) // serialNumber, signature, issuer
    {
        AsnDecoder.ReadEncodedValue(tbs.Slice(at), Der, out _, out _, out consumed);
        at += consumed;
    }

    AsnDecoder.ReadSequence(tbs.Slice(at), Der, out offset, out length, out _);
    var validity = tbs.Slice(at + offset, length);
    var nbTag = AsnDecoder.ReadEncodedValue(validity, Der, out var nbOffset, out var nbLength, out consumed);
    var naTag = AsnDecoder.ReadEncodedValue(validity.Slice(consumed), Der, out var naOffset, out var naLength, out _);
    var notBefore = TimeEncodingChecker.Decode("notBefore", nbTag.TagValue == 23 ? 0x17 : nbTag.TagValue == 24 ? 0x18 : nbTag.TagValue, validity.Slice(nbOffset, nbLength).ToArray());
    var notAfter = TimeEncodingChecker.Decode("notAfter", naTag.TagValue == 23 ? 0x17 : naTag.TagValue == 24 ? 0x18 : naTag.TagValue, validity.Slice(consumed + naOffset, naLength).ToArray());
    return new CertificateValidityTimes(notBefore, notAfter);
}
