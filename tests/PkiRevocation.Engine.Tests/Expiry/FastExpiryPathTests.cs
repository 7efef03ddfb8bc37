using System.Text;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using PkiRevocation.Certificates;
using PkiRevocation.Configuration;
using PkiRevocation.Expiry;
using PkiRevocation.TestSupport;
using Xunit;

namespace PkiRevocation.Engine.Tests.Expiry;

/// <summary>
/// The fast expiry path (PEM read from bytes, facts decoded once per distinct encoding, Certificate built on demand)
/// against the path it replaced (<see cref="ReferenceExpiryPath"/>): the same rows, property for property, on the
/// shared corpora (PKITS, x509-limbo), on crafted time encodings and on odd PEM text.
/// </summary>
public class FastExpiryPathTests : IDisposable
{
    private static readonly DateTime At = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _dir = new();
    private readonly PkiEngine _engine;

    public FastExpiryPathTests() =>
        _engine = new PkiEngine(new EngineEnvironment(clock: new FixedClock(At), paths: new PkiRevocationPaths(_dir.File("home"))));

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<byte[]> PkitsCertificates() =>
        Directory.EnumerateFiles(Path.Combine(Tools.Corpora, "pkits", "certs"), "*.crt").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes);

    private static IEnumerable<byte[]> LimboCertificates()
    {
        var text = File.ReadAllText(Path.Combine(Tools.Corpora, "x509-limbo", "limbo-crl-and-validity-subset.json")).Replace("\\n", "\n");
        foreach (Match match in Regex.Matches(text, "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", RegexOptions.Singleline))
            yield return Convert.FromBase64String(Regex.Replace(match.Groups[1].Value, @"\s", ""));
    }

    private static string Pem(byte[] der) =>
        "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n";

    // Scans one PEM bundle of all the certificates and compares each row with the old path's result for its DER.
    private void AssertScanMatchesReference(IReadOnlyList<byte[]> certificates, int? withinDays)
    {
        var file = _dir.File($"bundle-{Guid.NewGuid():N}.pem");
        File.WriteAllText(file, string.Concat(certificates.Select(Pem)));
        var rows = _engine.Expiry.Scan(new ExpiryRequest { Paths = { file }, WithinDays = withinDays }).ToList();

        var expected = certificates.Select(der => ReferenceExpiryPath.Evaluate(der, file, CertificateFormat.Pem, At, withinDays))
            .Where(e => e == null || !(withinDays.HasValue && e.Status == ExpiryStatus.Valid)).ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (expected[i] == null)
            {
                Assert.True(rows[i].IsFailure, $"row {i}: the old path refused the certificate, the fast path did not");
                continue;
            }

            Assert.False(rows[i].IsFailure, rows[i].Failure?.Message);
            AssertSameRow(expected[i]!, rows[i].Result!);
        }
    }

    internal static void AssertSameRow(CertificateExpiry expected, CertificateExpiry actual)
    {
        Assert.Equal(expected.Subject, actual.Subject);
        Assert.Equal(expected.Issuer, actual.Issuer);
        Assert.Equal(expected.SerialNumber, actual.SerialNumber);
        Assert.Equal(expected.Thumbprint, actual.Thumbprint);
        Assert.Equal(expected.NotBefore, actual.NotBefore);
        Assert.Equal(expected.NotBefore.Kind, actual.NotBefore.Kind);
        Assert.Equal(expected.NotAfter, actual.NotAfter);
        Assert.Equal(expected.DaysRemaining, actual.DaysRemaining);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.SourceFormat, actual.SourceFormat);
        Assert.Equal(expected.TimeEncoding, actual.TimeEncoding);
        Assert.Equal(expected.TimeEncodingViolations, actual.TimeEncodingViolations);
        Assert.Equal(expected.ReferenceTime, actual.ReferenceTime);
        Assert.Equal(expected.Certificate == null, actual.Certificate == null);
        if (expected.Certificate != null) Assert.Equal(expected.Certificate.RawData, actual.Certificate!.RawData);
        // Every public property (one added later is compared too): certificates by their bytes, arrays by their items.
        foreach (var property in typeof(CertificateExpiry).GetProperties())
        {
            var (e, a) = (property.GetValue(expected), property.GetValue(actual));
            if (e is X509Certificate2 ec) Assert.Equal(ec.RawData, ((X509Certificate2)a!).RawData);
            else if (e is Array ea) Assert.Equal(ea.Cast<object>(), ((Array)a!).Cast<object>());
            else Assert.Equal(e, a);
        }
    }

    [Fact]
    public void Scan_PkitsCertificates_MatchTheReferencePath()
    {
        var certificates = PkitsCertificates().ToList();
        Assert.True(certificates.Count > 400, "expected the PKITS certificates");
        AssertScanMatchesReference(certificates, null);
        AssertScanMatchesReference(certificates, 30);
    }

    [Fact]
    public void Scan_LimboCertificates_MatchTheReferencePath()
    {
        var certificates = LimboCertificates().ToList();
        Assert.True(certificates.Count > 20, "expected the x509-limbo certificates");
        AssertScanMatchesReference(certificates, null);
    }

    [Theory]
    [InlineData(0x17, "261120120000Z", 0x17, "270301120000Z")]      // conforming
    [InlineData(0x18, "20261120120000.5Z", 0x17, "2703011200Z")]    // fraction, GeneralizedTime before 2050, no seconds
    [InlineData(0x17, "261120120000", 0x17, "270301120000+0100")]   // no Z, an offset
    [InlineData(0x18, "20500101000000Z", 0x18, "99991231235959Z")]  // GeneralizedTime from 2050
    [InlineData(0x17, "491231235959Z", 0x17, "500101000000Z")]      // the UTCTime century pivot
    [InlineData(0x17, "261320120000Z", 0x17, "270301120000Z")]      // month 13: refused by both
    [InlineData(0x13, "261120120000Z", 0x17, "270301120000Z")]      // not a time type: refused by both
    [InlineData(0x18, "2026112012Z", 0x18, "20270301120000,25-0130")] // hours only, comma fraction
    public void Scan_CraftedTimeEncodings_MatchTheReferencePath(int notBeforeTag, string notBefore, int notAfterTag, string notAfter)
    {
        var root = TestPki.CreateRoot("CN=Fast Path Root", At);
        var der = root.Issue("CN=odd-time.example", At.AddDays(-1), At.AddDays(100)).WithRawValidity(notBeforeTag, notBefore, notAfterTag, notAfter);
        AssertScanMatchesReference(new[] { der, der }, null);
    }

    [Fact]
    public void Scan_RepeatedCertificates_EveryOneGetsItsOwnRow()
    {
        var root = TestPki.CreateRoot("CN=Repeat Root", At);
        var a = root.Issue("CN=a.example", At.AddDays(-1), At.AddDays(10)).Certificate.RawData;
        var b = root.Issue("CN=b.example", At.AddDays(-1), At.AddDays(300)).Certificate.RawData;
        var file = _dir.File("repeat.pem");
        File.WriteAllText(file, Pem(a) + Pem(b) + Pem(a) + Pem(a) + Pem(b));
        var rows = _engine.Expiry.Scan(new ExpiryRequest { Paths = { file } }).Select(o => o.Result!).ToList();
        Assert.Equal(new[] { "CN=a.example", "CN=b.example", "CN=a.example", "CN=a.example", "CN=b.example" }, rows.Select(r => r.Subject));
        // Each row is its own object with its own platform certificate, built when asked for.
        Assert.NotSame(rows[0], rows[2]);
        Assert.NotSame(rows[0].Certificate, rows[2].Certificate);
        Assert.Same(rows[0].Certificate, rows[0].Certificate);
        Assert.Equal(a, rows[3].Certificate!.RawData);
        // A violation list belongs to its row: changing one leaves the others as they were.
        rows[0].TimeEncodingViolations = new[] { "changed" };
        Assert.Empty(rows[2].TimeEncodingViolations);
    }

    [Fact]
    public void Scan_CertificatesOneByteApart_AreDecodedApart()
    {
        var root = TestPki.CreateRoot("CN=Near Root", At);
        var der = root.Issue("CN=near.example", At.AddDays(-1), At.AddDays(100)).WithRawValidity(0x17, "261120120000Z", 0x17, "270301120000Z");
        var other = (byte[])der.Clone();
        var at = Encoding.ASCII.GetString(other).IndexOf("270301120000Z", StringComparison.Ordinal);
        other[at + 1] = (byte)'8'; // notAfter 2028-03-01
        var file = _dir.File("near.pem");
        File.WriteAllText(file, Pem(der) + Pem(other));
        var rows = _engine.Expiry.Scan(new ExpiryRequest { Paths = { file } }).Select(o => o.Result!).ToList();
        Assert.Equal(2027, rows[0].NotAfter.Year);
        Assert.Equal(2028, rows[1].NotAfter.Year);
        Assert.NotEqual(rows[0].Thumbprint, rows[1].Thumbprint);
    }

    [Fact]
    public void Certificate_SetExplicitly_WinsOverTheOnDemandOne()
    {
        var root = TestPki.CreateRoot("CN=Set Root", At);
        var file = _dir.File("set.pem");
        File.WriteAllText(file, Pem(root.Certificate.RawData));
        var row = Assert.Single(_engine.Expiry.Scan(new ExpiryRequest { Paths = { file } })).Result!;
        row.Certificate = null;
        Assert.Null(row.Certificate);
    }

    public static IEnumerable<object[]> OddPem()
    {
        var root = TestPki.CreateRoot("CN=Pem Root", At);
        var der = root.Certificate.RawData;
        var b64 = Convert.ToBase64String(der);
        var wrapped = Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks);
        string Block(string label, string body) => $"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n";
        yield return new object[] { "one line", Block("CERTIFICATE", b64) };
        yield return new object[] { "CRLF", Block("CERTIFICATE", wrapped).Replace("\n", "\r\n") };
        yield return new object[] { "tabs and spaces", Block("CERTIFICATE", string.Join(" \t", Regex.Split(b64, "(?<=\\G.{10})"))) };
        yield return new object[] { "X509 and TRUSTED", Block("X509 CERTIFICATE", b64) + Block("TRUSTED CERTIFICATE", Convert.ToBase64String(der.Concat(new byte[] { 0x30, 0x00 }).ToArray())) };
        yield return new object[] { "key and CRL blocks skipped", Block("PRIVATE KEY", "AAAA") + Block("CERTIFICATE", b64) + Block("X509 CRL", "!!!!") };
        yield return new object[] { "RFC 1421 headers", Block("CERTIFICATE", "Proc-Type: 4,ENCRYPTED\nDEK-Info: x\n\n" + wrapped) };
        yield return new object[] { "colon without blank line", Block("CERTIFICATE", "Comment: x\n" + wrapped) };
        yield return new object[] { "text around", "subject=CN=x\nissuer=CN=y\n" + Block("CERTIFICATE", wrapped) + "trailing text\n" };
        yield return new object[] { "no END line", "-----BEGIN CERTIFICATE-----\n" + wrapped };
        yield return new object[] { "END of another label", "-----BEGIN CERTIFICATE-----\n" + wrapped + "\n-----END X509 CRL-----\n" };
        yield return new object[] { "BEGIN without dashes", "-----BEGIN CERTIFICATE\n" + wrapped };
        yield return new object[] { "bad Base64", Block("CERTIFICATE", b64.Substring(0, 40) + "*" + b64.Substring(41)) };
        yield return new object[] { "Base64 without padding", Block("CERTIFICATE", b64.TrimEnd('=') + (b64.EndsWith("=") ? "" : "A")) };
        yield return new object[] { "empty body", Block("CERTIFICATE", "") };
        yield return new object[] { "not DER inside", Block("CERTIFICATE", "AAAAAAAA") };
        yield return new object[] { "non-ASCII label", "-----BEGIN CERT\u00e9-----\nAAAA\n-----END CERT\u00e8-----\n" + Block("CERTIFICATE", b64) };
        yield return new object[] { "question mark label", "-----BEGIN CERT?-----\nAAAA\n-----END CERT\u00e9-----\n" + Block("CERTIFICATE", b64) };
        yield return new object[] { "END inside BEGIN", "-----BEGIN X-----END X-----\n" + Block("CERTIFICATE", b64) };
        yield return new object[] { "non-ASCII in body", Block("CERTIFICATE", b64.Substring(0, 40) + "\u00e9" + b64.Substring(40)) };
    }

    [Theory]
    [MemberData(nameof(OddPem))]
    public void PemReader_OddText_ReadsWhatTheReferenceRead(string name, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        List<byte[]>? expected = null;
        try { expected = ReferenceExpiryPath.PemCertificates(bytes); }
        catch (Exception ex) when (ex is FormatException || ex is ArgumentException) { }

        List<LoadedCertificate>? actual = null;
        try { actual = PemCertificateReader.Read(bytes, "x.pem", _ => throw new InvalidOperationException("no PKCS#7 here")); }
        catch (FormatException) { }

        Assert.True((expected == null) == (actual == null), $"{name}: reference {(expected == null ? "refused" : "read")} it, the fast reader {(actual == null ? "refused" : "read")} it");
        if (expected != null) Assert.Equal(expected, actual!.Select(c => c.RawData));
    }

    // A stream that hands out a few bytes per read, so that every marker straddles two reads somewhere.
    private sealed class TrickleStream(byte[] data, int step) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, step));
    }

    [Theory]
    [MemberData(nameof(OddPem))]
    public void PemReader_Streamed_ReadsWhatItReadsInMemory(string name, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text + text);
        foreach (var (headLength, step) in new[] { (0, 1), (3, 7), (11, 64), (Math.Min(40, bytes.Length), 1000) })
        {
            List<LoadedCertificate>? expected = null, actual = null;
            try { expected = PemCertificateReader.Read(bytes, "x.pem", _ => throw new InvalidOperationException()); }
            catch (FormatException) { }
            try
            {
                var stream = new TrickleStream(bytes, step);
                var head = new byte[headLength];
                stream.ReadExactly(head);
                actual = PemCertificateReader.Read(stream, head, headLength, long.MaxValue, "x.pem", _ => throw new InvalidOperationException());
            }
            catch (FormatException) { }

            Assert.True((expected == null) == (actual == null), $"{name} (head {headLength}, reads of {step}): in memory {(expected == null ? "refused" : "read")}, streamed {(actual == null ? "refused" : "read")}");
            if (expected != null) Assert.Equal(expected.Select(c => c.RawData), actual!.Select(c => c.RawData));
        }
    }

    [Fact]
    public void Read_PemLargerThanTheCertificateLimit_IsStreamedAndReadWhole()
    {
        // Over the 8 MiB limit for files read whole, well under the PEM limit: every certificate comes back.
        var root = TestPki.CreateRoot("CN=Big Bundle Root", At);
        var pem = Pem(root.Certificate.RawData);
        var copies = (int)(PkiRevocation.Files.InputFile.CertificateLimit / pem.Length) + 100;
        var file = _dir.File("big.pem");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat(pem, copies)));
        var read = CertificateFileReader.Read(file);
        Assert.False(read.IsFailure, read.Failure?.Message);
        Assert.Equal(copies, read.Result!.Count);
        Assert.All(read.Result, c => Assert.Same(read.Result[0].RawData, c.RawData)); // one array for the repeated bytes
    }

    [Fact]
    public void PemReader_StreamPastItsLimit_Throws()
    {
        var root = TestPki.CreateRoot("CN=Limit Root", At);
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Pem(root.Certificate.RawData), 50)));
        var ex = Assert.Throws<PemCertificateReader.TooLargeException>(() =>
            PemCertificateReader.Read(new TrickleStream(bytes, 4096), Array.Empty<byte>(), 0, bytes.Length - 1, "x.pem", _ => throw new InvalidOperationException()));
        Assert.Equal(bytes.Length - 1, ex.Limit);
    }

    [Fact]
    public void DecodeBase64_RandomText_AgreesWithConvert()
    {
        var random = new Random(14);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=== \t\r\n-_*.";
        var compact = Array.Empty<byte>();
        var decoded = Array.Empty<byte>();
        var agreedValid = 0;
        for (var n = 0; n < 20000; n++)
        {
            var length = random.Next(0, 24);
            var chars = new char[length];
            // Mostly Base64 characters, so that many inputs are valid and padding sits in all places.
            for (var i = 0; i < length; i++) chars[i] = Alphabet[random.Next(random.Next(4) == 0 ? Alphabet.Length : 64)];
            var text = new string(chars);
            if (random.Next(3) == 0) text = Convert.ToBase64String(Enumerable.Range(0, random.Next(0, 12)).Select(_ => (byte)random.Next(256)).ToArray()).Insert(0, random.Next(2) == 0 ? " " : "");
            byte[]? expected;
            try { expected = Convert.FromBase64String(text); }
            catch (FormatException) { expected = null; }

            byte[]? actual;
            try
            {
                var written = PemCertificateReader.DecodeBase64(Encoding.ASCII.GetBytes(text), ref compact, ref decoded);
                actual = decoded.AsSpan(0, written).ToArray();
            }
            catch (FormatException) { actual = null; }

            Assert.True((expected == null) == (actual == null), $"'{text}': Convert {(expected == null ? "refused" : "took")} it, DecodeBase64 {(actual == null ? "refused" : "took")} it");
            if (expected != null)
            {
                Assert.Equal(expected, actual);
                agreedValid++;
            }
        }

        Assert.True(agreedValid > 2000, "too few valid inputs to mean anything");
    }
}
